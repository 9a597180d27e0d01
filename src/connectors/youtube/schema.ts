import { z } from 'zod';
import { platformTime } from '../fields.js';

/** statistics values are strings of digits ("7920"). */
const count = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).transform(Number);

/** search.list: ids only matter; items are read one by one so a strange one cannot sink the page. */
export const searchListSchema = z.object({
  nextPageToken: z.string().optional(),
  items: z.array(z.unknown()).default([]),
});

export const searchResultSchema = z.object({
  id: z.object({ kind: z.string().optional(), videoId: z.string().min(1) }),
  snippet: z
    .object({ publishedAt: z.iso.datetime({ offset: true }) })
    .partial()
    .optional(),
});

export const videoListSchema = z.object({ items: z.array(z.unknown()).default([]) });

export const VIDEO_PARTS = 'snippet,statistics,recordingDetails';

/** A videos.list resource: full description and statistics (search snippets have neither). */
export const videoSchema = z.object({
  kind: z.literal('youtube#video').optional(),
  id: z.string().min(1),
  snippet: z.object({
    publishedAt: platformTime,
    channelId: z.string().min(1),
    channelTitle: z.string().nullish(),
    title: z.string(),
    description: z.string().nullish(),
    defaultLanguage: z.string().nullish(),
    defaultAudioLanguage: z.string().nullish(),
    liveBroadcastContent: z.string().nullish(),
  }),
  statistics: z.object({ viewCount: count, likeCount: count, commentCount: count }).partial().nullish(),
  recordingDetails: z
    .object({
      location: z.object({ latitude: z.number(), longitude: z.number() }).partial().nullish(),
      locationDescription: z.string().nullish(),
    })
    .nullish(),
});
export type YoutubeVideo = z.infer<typeof videoSchema>;

export const googleErrorSchema = z.object({
  error: z.object({
    code: z.number().int(),
    message: z.string(),
    status: z.string().optional(),
    errors: z.array(z.object({ domain: z.string().optional(), reason: z.string().optional(), message: z.string().optional() })).optional(),
  }),
});
