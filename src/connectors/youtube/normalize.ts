import { decodeHTML } from 'entities';
import { mergeHashtags } from '../../analysis/hashtags.js';
import { sanitizeText } from '../../analysis/text.js';
import { invalidItem } from '../invalid.js';
import type { NormalizeResult } from '../types.js';
import { videoSchema } from './schema.js';

/** A videos.list resource → the common post; hashtags come from title and description. */
export function normalizeYoutubeVideo(item: unknown): NormalizeResult {
  const parsed = videoSchema.safeParse(item);
  if (!parsed.success) return invalidItem('youtube video', parsed.error);
  const v = parsed.data;
  const s = v.snippet;
  // Snippets are HTML-escaped in places (&amp;, &#39;): decode before anything reads the text.
  const title = decodeHTML(s.title).trim();
  const description = decodeHTML(s.description ?? '').trim();
  const text = sanitizeText(description ? `${title}\n\n${description}` : title);
  const loc = v.recordingDetails?.location;
  return {
    kind: 'post',
    post: {
      platform: 'youtube',
      externalId: v.id,
      url: `https://www.youtube.com/watch?v=${encodeURIComponent(v.id)}`,
      authorId: s.channelId,
      authorHandle: s.channelTitle ? sanitizeText(s.channelTitle, 200) : s.channelId,
      authorName: s.channelTitle ? sanitizeText(s.channelTitle, 200) : null,
      authorLocation: null,
      authorFollowers: null,
      authorCreatedAt: null,
      text,
      lang: s.defaultLanguage ?? s.defaultAudioLanguage ?? null,
      createdAt: new Date(s.publishedAt),
      engagement: {
        likes: v.statistics?.likeCount ?? 0,
        reposts: 0,
        replies: v.statistics?.commentCount ?? 0,
        quotes: 0,
        views: v.statistics?.viewCount ?? null,
      },
      hashtags: mergeHashtags([], text),
      geo: loc?.latitude !== undefined && loc.longitude !== undefined ? { lat: loc.latitude, lon: loc.longitude } : null,
      placeName: v.recordingDetails?.locationDescription ?? null,
    },
  };
}
