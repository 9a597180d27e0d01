import { mergeHashtags } from '../../analysis/hashtags.js';
import { sanitizeText } from '../../analysis/text.js';
import { isStorableDate } from '../fields.js';
import { invalidItem } from '../invalid.js';
import type { NormalizeResult } from '../types.js';
import { postViewSchema, type PostView } from './schema.js';

const TAG_FEATURE = 'app.bsky.richtext.facet#tag';

/** A searchPosts PostView → the common post. The `uri` is the id: a cid changes on edit. */
export function normalizeBlueskyPost(item: unknown): NormalizeResult {
  const parsed = postViewSchema.safeParse(item);
  if (!parsed.success) return invalidItem('bluesky post', parsed.error);
  const p = parsed.data;
  const text = sanitizeText(p.record.text);
  const facetTags = (p.record.facets ?? []).flatMap((f) => f.features.filter((x) => x.$type === TAG_FEATURE && x.tag).map((x) => x.tag as string));
  const author = p.author;
  const authorCreated = author.createdAt ? parseAtTime(author.createdAt) : null;
  return {
    kind: 'post',
    post: {
      platform: 'bluesky',
      externalId: p.uri,
      url: `https://bsky.app/profile/${author.handle}/post/${rkeyOf(p.uri)}`,
      authorId: author.did,
      authorHandle: author.handle,
      authorName: author.displayName ? sanitizeText(author.displayName, 200) : null,
      authorLocation: null,
      authorFollowers: null,
      authorCreatedAt: authorCreated,
      text,
      lang: p.record.langs?.[0] ?? null,
      createdAt: sortAt(p),
      engagement: { likes: p.likeCount, reposts: p.repostCount, replies: p.replyCount, quotes: p.quoteCount, views: null },
      // Tags live in facets (case kept, no '#'), in hidden record.tags, and bare in bot text.
      hashtags: mergeHashtags([...facetTags, ...(p.record.tags ?? [])], text),
      geo: null,
      placeName: null,
    },
  };
}

/**
 * The time search sorts and filters by: the client's createdAt unless it is later than the
 * AppView's indexedAt (clock skew) or unreadable (bsky-docs, timestamps).
 */
export function sortAt(p: Pick<PostView, 'indexedAt' | 'record'>): Date {
  const indexed = new Date(p.indexedAt);
  const created = p.record.createdAt ? parseAtTime(p.record.createdAt) : null;
  return created && created < indexed ? created : indexed;
}

/** Client-supplied datetimes: micro-seconds, +00:00, and even no zone (read as UTC). */
export function parseAtTime(value: string): Date | null {
  const zoned = /(Z|[+-]\d{2}:?\d{2})$/i.test(value) ? value : `${value}Z`;
  const ms = Date.parse(zoned);
  const date = new Date(ms);
  return Number.isNaN(ms) || !isStorableDate(date) ? null : date;
}

function rkeyOf(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}
