import { mergeHashtags } from '../../analysis/hashtags.js';
import { sanitizeText } from '../../analysis/text.js';
import { invalidItem } from '../invalid.js';
import type { NormalizeResult } from '../types.js';
import { igMediaSchema } from './schema.js';

/**
 * An IG hashtag media → the common post. Hashtag search never names the owner, so each media
 * is its own anonymous author (`media:<id>`): author counts equal post counts and per-author
 * caps do not lump every Instagram post together.
 */
export function normalizeInstagramMedia(item: unknown): NormalizeResult {
  const parsed = igMediaSchema.safeParse(item);
  if (!parsed.success) return invalidItem('instagram media', parsed.error);
  const m = parsed.data;
  const text = sanitizeText(m.caption ?? '');
  return {
    kind: 'post',
    post: {
      platform: 'instagram',
      externalId: m.id,
      url: m.permalink ?? null,
      authorId: m.username ? `user:${m.username}` : `media:${m.id}`,
      authorHandle: m.username ?? 'unknown',
      authorName: null,
      authorLocation: null,
      authorFollowers: null,
      authorCreatedAt: null,
      text,
      lang: null,
      createdAt: new Date(m.timestamp),
      engagement: { likes: m.like_count ?? 0, reposts: 0, replies: m.comments_count ?? 0, quotes: 0, views: null },
      hashtags: mergeHashtags([], text),
      geo: null,
      placeName: null,
    },
  };
}
