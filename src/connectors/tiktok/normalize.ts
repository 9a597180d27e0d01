import { mergeHashtags } from '../../analysis/hashtags.js';
import { sanitizeText } from '../../analysis/text.js';
import { invalidItem } from '../invalid.js';
import type { NormalizeResult } from '../types.js';
import { tiktokVideoSchema } from './schema.js';

/**
 * A Research API video → the common post. The API names authors by `username` only; without
 * one (field not granted) each video is its own anonymous author.
 */
export function normalizeTiktokVideo(item: unknown): NormalizeResult {
  const parsed = tiktokVideoSchema.safeParse(item);
  if (!parsed.success) return invalidItem('tiktok video', parsed.error);
  const v = parsed.data;
  const id = (v.id ?? v.video_id) as string;
  const text = sanitizeText(v.video_description ?? '');
  return {
    kind: 'post',
    post: {
      platform: 'tiktok',
      externalId: id,
      url: v.username ? `https://www.tiktok.com/@${encodeURIComponent(v.username)}/video/${id}` : null,
      authorId: v.username ? `user:${v.username}` : `video:${id}`,
      authorHandle: v.username ?? 'unknown',
      authorName: null,
      authorLocation: null,
      authorFollowers: null,
      authorCreatedAt: null,
      text,
      lang: null,
      createdAt: new Date(v.create_time * 1000),
      engagement: {
        likes: v.like_count ?? 0,
        reposts: v.share_count ?? 0,
        replies: v.comment_count ?? 0,
        quotes: 0,
        views: v.view_count ?? null,
      },
      hashtags: mergeHashtags(v.hashtag_names ?? [], text),
      geo: null,
      placeName: null,
    },
  };
}
