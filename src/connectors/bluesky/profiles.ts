import { z } from 'zod';
import type { BlueskySourceConfig } from './platform.js';
import { classifyBlueskyError } from './errors.js';
import { createSessionHolder, type SessionHolder } from './session.js';
import { parsePayload } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { withRetry } from '../../http/retry.js';
import { meanEngagement, missing, type ProfileDeps, type ProfileFetcher, type ProfileResult } from '../../accounts/types.js';

export const PUBLIC_APPVIEW = 'https://public.api.bsky.app';

/** A campaign source (its PDS and app password: a logged-in session) or a service read without login. */
export type BlueskyProfileCredentials = { source: BlueskySourceConfig } | { service: string };

/** app.bsky.actor.defs#profileViewDetailed: the counts are optional in the lexicon. */
const profileSchema = z.object({
  did: z.string().min(1),
  handle: z.string().min(1),
  followersCount: z.number().int().nonnegative().nullish(),
  followsCount: z.number().int().nonnegative().nullish(),
  postsCount: z.number().int().nonnegative().nullish(),
});

/** app.bsky.feed.getAuthorFeed: feedViewPost items; a `reason` marks a repost by the actor. */
const authorFeedSchema = z.object({
  feed: z.array(
    z.object({
      post: z.object({
        author: z.object({ did: z.string() }),
        likeCount: z.number().int().nonnegative().default(0),
        repostCount: z.number().int().nonnegative().default(0),
        replyCount: z.number().int().nonnegative().default(0),
        quoteCount: z.number().int().nonnegative().default(0),
      }),
      reason: z.unknown().optional(),
    }),
  ),
});

/** XRPC error names that say the actor is not there to be read. */
const ABSENT: Record<string, 'not_found' | 'suspended'> = {
  InvalidRequest: 'not_found',
  ActorNotFound: 'not_found',
  AccountTakedown: 'suspended',
  AccountDeactivated: 'suspended',
  BlockedActor: 'suspended',
};

/**
 * Bluesky: getProfile gives followers, follows and posts; the author feed (replies left out,
 * reposts skipped) gives engagement per post. The public AppView serves both without a login;
 * with a campaign source, its PDS proxies them under the source's session.
 */
export function createBlueskyProfiles(credentials: BlueskyProfileCredentials | undefined, deps: ProfileDeps, recentPosts: number): ProfileFetcher {
  const session: SessionHolder | null = credentials && 'source' in credentials ? createSessionHolder(credentials.source, deps) : null;
  const base = (credentials ? ('source' in credentials ? credentials.source.service : credentials.service) : PUBLIC_APPVIEW).replace(/\/+$/, '');

  const get = async (url: string, signal: AbortSignal) => {
    const once = async () => {
      const headers: Record<string, string> = session ? { authorization: `Bearer ${await session.accessJwt(signal)}` } : {};
      return withRetry(() => deps.http.json(url, { headers, signal, classify: (r) => classifyBlueskyError(r, deps.now()) }), { signal, sleep: deps.sleep });
    };
    try {
      return await once();
    } catch (err) {
      if (!session || !(err instanceof HttpError && err.reason === 'expired_token')) throw err;
      await session.renew(signal);
      return once();
    }
  };

  return {
    platform: 'bluesky',
    async fetchProfile(handle, signal): Promise<ProfileResult> {
      const profileUrl = `${base}/xrpc/app.bsky.actor.getProfile?actor=${encodeURIComponent(handle)}`;
      let body: unknown;
      try {
        body = (await get(profileUrl, signal)).body;
      } catch (err) {
        const absent = err instanceof HttpError && err.status === 400 && err.reason ? ABSENT[err.reason] : undefined;
        if (absent) return missing(absent, err instanceof Error ? err.message : undefined);
        throw err;
      }
      const profile = parsePayload(profileSchema, body, profileUrl);
      const feedUrl = `${base}/xrpc/app.bsky.feed.getAuthorFeed?actor=${encodeURIComponent(profile.did)}&limit=${recentPosts}&filter=posts_no_replies`;
      const feed = parsePayload(authorFeedSchema, (await get(feedUrl, signal)).body, feedUrl);
      const own = feed.feed.filter((item) => item.reason === undefined && item.post.author.did === profile.did);
      return {
        kind: 'profile',
        followers: profile.followersCount ?? null,
        following: profile.followsCount ?? null,
        posts: profile.postsCount ?? null,
        ...meanEngagement(own.map(({ post: p }) => p.likeCount + p.repostCount + p.replyCount + p.quoteCount)),
      };
    },
  };
}
