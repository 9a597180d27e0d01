import { mergeHashtags } from '../../analysis/hashtags.js';
import { htmlToText, sanitizeText } from '../../analysis/text.js';
import { invalidItem } from '../invalid.js';
import type { NormalizeResult } from '../types.js';
import { mastodonStatusSchema } from './schema.js';

/** A Mastodon Status → the common post; boosts are skipped (the original is what counts). */
export function normalizeMastodonStatus(item: unknown): NormalizeResult {
  const parsed = mastodonStatusSchema.safeParse(item);
  if (!parsed.success) return invalidItem('mastodon status', parsed.error);
  const s = parsed.data;
  if (s.reblog) return { kind: 'skip', why: 'boost' };
  const body = htmlToText(s.content);
  const text = sanitizeText(s.spoiler_text ? `${s.spoiler_text}\n\n${body}` : body);
  const acct = s.account.acct.includes('@') ? s.account.acct : `${s.account.acct}@${hostOf(s.uri)}`;
  return {
    kind: 'post',
    post: {
      platform: 'mastodon',
      // The uri is the origin's id: the same status seen through two instances is one post.
      externalId: s.uri,
      url: s.url ?? s.uri,
      authorId: s.account.uri ?? acct,
      authorHandle: acct,
      authorName: s.account.display_name ? sanitizeText(s.account.display_name, 200) : null,
      authorLocation: null,
      authorFollowers: s.account.followers_count ?? null,
      authorCreatedAt: s.account.created_at ? new Date(s.account.created_at) : null,
      text,
      lang: s.language ?? null,
      createdAt: new Date(s.created_at),
      engagement: {
        likes: s.favourites_count,
        reposts: s.reblogs_count,
        replies: s.replies_count,
        quotes: s.quotes_count ?? 0,
        views: null,
      },
      hashtags: mergeHashtags(
        s.tags.map((t) => t.name),
        text,
      ),
      geo: null,
      placeName: null,
    },
  };
}

function hostOf(uri: string): string {
  try {
    return new URL(uri).host;
  } catch {
    return 'unknown';
  }
}
