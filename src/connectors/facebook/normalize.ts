import { mergeHashtags } from '../../analysis/hashtags.js';
import { sanitizeText } from '../../analysis/text.js';
import { invalidItem } from '../invalid.js';
import type { NormalizeResult } from '../types.js';
import { fbPostSchema } from './schema.js';

/** A Page post → the common post; the author is `from`, else the page in the id's prefix. */
export function normalizeFacebookPost(item: unknown): NormalizeResult {
  const parsed = fbPostSchema.safeParse(item);
  if (!parsed.success) return invalidItem('facebook post', parsed.error);
  const p = parsed.data;
  const text = sanitizeText(p.message ?? '');
  const authorId = p.from?.id ?? p.id.split('_')[0] ?? p.id;
  const loc = p.place?.location;
  return {
    kind: 'post',
    post: {
      platform: 'facebook',
      externalId: p.id,
      url: p.permalink_url ?? `https://www.facebook.com/${p.id}`,
      authorId,
      authorHandle: p.from?.name ?? authorId,
      authorName: p.from?.name ?? null,
      authorLocation: null,
      authorFollowers: null,
      authorCreatedAt: null,
      text,
      lang: null,
      createdAt: new Date(p.created_time),
      engagement: {
        likes: p.reactions?.summary?.total_count ?? p.like?.summary?.total_count ?? 0,
        reposts: p.shares?.count ?? 0,
        replies: p.comments?.summary?.total_count ?? 0,
        quotes: 0,
        views: null,
      },
      hashtags: mergeHashtags([], text),
      geo: loc?.latitude !== undefined && loc.longitude !== undefined ? { lat: loc.latitude, lon: loc.longitude } : null,
      placeName: p.place?.name ?? loc?.city ?? null,
    },
  };
}
