import { decodeHTML } from 'entities';
import { mergeHashtags } from '../../analysis/hashtags.js';
import { sanitizeText } from '../../analysis/text.js';
import { invalidItem } from '../invalid.js';
import type { NormalizeResult } from '../types.js';
import { redditLinkSchema, redditThingSchema } from './schema.js';

const GONE = new Set(['[deleted]', '[removed]']);

/**
 * A listing child (`{kind: "t3", data}`) → the common post. Reddit has no hashtags: they are
 * read from the title and body. Deleted and removed posts are skipped.
 */
export function normalizeRedditThing(item: unknown): NormalizeResult {
  const thing = redditThingSchema.safeParse(item);
  if (!thing.success) return invalidItem('reddit thing', thing.error);
  if (thing.data.kind !== 't3') return { kind: 'skip', why: `not a link (${thing.data.kind})` };
  const parsed = redditLinkSchema.safeParse(thing.data.data);
  if (!parsed.success) return invalidItem('reddit link', parsed.error);
  const p = parsed.data;
  if (p.removed_by_category || GONE.has(p.author)) return { kind: 'skip', why: 'deleted or removed' };
  // raw_json=1 avoids &amp; escapes; decoding again is harmless for the rare leftover.
  const body = p.selftext && !GONE.has(p.selftext) ? `\n\n${p.selftext}` : '';
  const text = sanitizeText(decodeHTML(`${p.title}${body}`));
  return {
    kind: 'post',
    post: {
      platform: 'reddit',
      externalId: p.name,
      url: `https://www.reddit.com${p.permalink.replace(/\?.*$/, '')}`,
      // Usernames cannot change and old listings lack author_fullname: the name is the id.
      authorId: p.author,
      authorHandle: `u/${p.author}`,
      authorName: null,
      authorLocation: null,
      authorFollowers: null,
      authorCreatedAt: null,
      text,
      lang: null,
      createdAt: new Date(Math.round(p.created_utc * 1000)),
      engagement: { likes: Math.max(0, p.score), reposts: p.num_crossposts ?? 0, replies: p.num_comments, quotes: 0, views: p.view_count ?? null },
      hashtags: mergeHashtags([], text),
      geo: null,
      placeName: null,
    },
  };
}

/** created_utc of a raw child, when it has one (the walk's stop rule). */
export function createdUtcOf(item: unknown): number | undefined {
  const data = (item as { data?: { created_utc?: unknown } } | null)?.data;
  return typeof data?.created_utc === 'number' ? data.created_utc : undefined;
}
