import { z } from 'zod';
import { classifyYoutubeError } from './index.js';
import { parsePayload } from '../../http/client.js';
import { withRetry } from '../../http/retry.js';
import { meanEngagement, missing, type ProfileDeps, type ProfileFetcher, type ProfileResult } from '../../accounts/types.js';

export interface YoutubeProfileCredentials {
  apiKey: string;
  apiUrl: string;
}

/** Statistics are strings of digits (uint64 in the API). */
const counted = z.string().regex(/^\d+$/).transform(Number);

/** channels.list?part=statistics,contentDetails: an unknown channel is an answer without items. */
const channelListSchema = z.object({
  items: z
    .array(
      z.object({
        id: z.string(),
        statistics: z
          .object({
            viewCount: counted.optional(),
            subscriberCount: counted.optional(),
            hiddenSubscriberCount: z.boolean().optional(),
            videoCount: counted.optional(),
          })
          .optional(),
        contentDetails: z.object({ relatedPlaylists: z.object({ uploads: z.string().optional() }).partial().optional() }).optional(),
      }),
    )
    .default([]),
});
const playlistItemsSchema = z.object({ items: z.array(z.object({ contentDetails: z.object({ videoId: z.string() }) })).default([]) });
const videoStatsSchema = z.object({
  items: z
    .array(z.object({ id: z.string(), statistics: z.object({ likeCount: counted.optional(), commentCount: counted.optional() }).optional() }))
    .default([]),
});

/**
 * YouTube: channels.list gives subscribers (unless the channel hides them) and videos; the
 * uploads playlist's latest videos and their statistics give engagement per video (likes +
 * comments). 3 quota units per channel and day (1 per list call).
 */
export function createYoutubeProfiles(credentials: YoutubeProfileCredentials, deps: ProfileDeps, recentPosts: number): ProfileFetcher {
  const api = credentials.apiUrl.replace(/\/+$/, '');
  const classify = (res: { status: number; headers: Headers; text: string }) => classifyYoutubeError(res, deps.now());
  const get = async <S extends z.ZodType>(path: string, params: Record<string, string>, schema: S, signal: AbortSignal): Promise<z.infer<S>> => {
    const url = new URL(`${api}/${path}`);
    url.search = new URLSearchParams(params).toString();
    const shown = url.toString();
    url.searchParams.set('key', credentials.apiKey);
    const res = await withRetry(() => deps.http.json(url.toString(), { signal, classify }), { signal, sleep: deps.sleep });
    return parsePayload(schema, res.body, shown);
  };

  return {
    platform: 'youtube',
    async fetchProfile(channel, signal): Promise<ProfileResult> {
      const which: Record<string, string> = channel.startsWith('@') ? { forHandle: channel } : { id: channel };
      const list = await get('channels', { part: 'statistics,contentDetails', ...which }, channelListSchema, signal);
      const item = list.items[0];
      if (!item) return missing('not_found', `no YouTube channel ${channel}`);
      const stats = item.statistics ?? {};
      const uploads = item.contentDetails?.relatedPlaylists?.uploads;
      let perVideo: number[] = [];
      if (uploads && (stats.videoCount ?? 0) > 0) {
        const playlist = await get(
          'playlistItems',
          { part: 'contentDetails', playlistId: uploads, maxResults: String(recentPosts) },
          playlistItemsSchema,
          signal,
        );
        const ids = playlist.items.map((i) => i.contentDetails.videoId);
        if (ids.length > 0) {
          const videos = await get('videos', { part: 'statistics', id: ids.join(',') }, videoStatsSchema, signal);
          // A video whose likes are hidden has no likeCount: it is left out, not counted as 0.
          perVideo = videos.items.flatMap((v) => (v.statistics?.likeCount === undefined ? [] : [v.statistics.likeCount + (v.statistics.commentCount ?? 0)]));
        }
      }
      return {
        kind: 'profile',
        followers: stats.hiddenSubscriberCount ? null : (stats.subscriberCount ?? null),
        following: null,
        posts: stats.videoCount ?? null,
        ...meanEngagement(perVideo),
      };
    },
  };
}
