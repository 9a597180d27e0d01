import { z } from 'zod';
import { createResearchClient } from './client.js';
import { tiktokError } from './errors.js';
import { tiktokErrorSchema } from './schema.js';
import { parsePayload } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { missing, type ProfileDeps, type ProfileFetcher, type ProfileResult } from '../../accounts/types.js';

export interface TiktokProfileCredentials {
  clientKey: string;
  clientSecret: string;
  apiUrl: string;
}

export const TIKTOK_USER_FIELDS = 'display_name,is_verified,follower_count,following_count,likes_count,video_count';

const count = z.number().int().nonnegative().nullish();
/** POST /v2/research/user/info/: `data` plus the v2 envelope's `error` ({code: "ok"} on success). */
const userInfoSchema = z.object({
  data: z
    .object({ display_name: z.string().nullish(), follower_count: count, following_count: count, likes_count: count, video_count: count })
    .partial()
    .nullish(),
  error: tiktokErrorSchema.optional(),
});

/** What TikTok says when the username is private or not there (invalid_params with a message). */
function absence(err: unknown): 'private' | 'not_found' | null {
  if (!(err instanceof HttpError) || err.reason !== 'invalid_params') return null;
  if (/private/i.test(err.message)) return 'private';
  if (/not (exist|found)|no such user|invalid username|user.*(deleted|banned)/i.test(err.message)) return 'not_found';
  return null;
}

/**
 * TikTok Research API user info: followers, following, videos, with the client-credentials token
 * of a Research app. Engagement per post is not read (likes_count is a lifetime total, and the
 * recent videos would cost a video query per account of the 1,000 daily requests).
 */
export function createTiktokProfiles(credentials: TiktokProfileCredentials, deps: ProfileDeps): ProfileFetcher {
  const client = createResearchClient(credentials, deps);
  const url = `${client.api}/v2/research/user/info/?fields=${TIKTOK_USER_FIELDS}`;

  return {
    platform: 'tiktok',
    async fetchProfile(username, signal): Promise<ProfileResult> {
      try {
        const { body } = await client.post(url, { username }, signal, 'json');
        const res = parsePayload(userInfoSchema, body, url);
        if (res.error && res.error.code !== 'ok') throw tiktokError(res.error, 200, deps.now());
        const d = res.data ?? {};
        return {
          kind: 'profile',
          followers: d.follower_count ?? null,
          following: d.following_count ?? null,
          posts: d.video_count ?? null,
          engagementPerPost: null,
          recentPosts: null,
        };
      } catch (err) {
        const why = absence(err);
        if (why) return missing(why, (err as Error).message);
        throw err;
      }
    },
  };
}
