import { z } from 'zod';
import { createGraphClient, type GraphSettings } from './client.js';
import { parsePayload } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { meanEngagement, missing, type ProfileDeps, type ProfileFetcher, type ProfileResult } from '../../accounts/types.js';

export type GraphProfileCredentials = GraphSettings;
export interface InstagramProfileCredentials extends GraphSettings {
  /** The app user's Instagram professional account, on which business discovery runs. */
  userId: string;
}

const count = z.number().int().nonnegative();

/** GET /{ig-user-id}?fields=business_discovery.username(u){…}: the target's public fields and media. */
const businessDiscoverySchema = z.object({
  business_discovery: z.object({
    id: z.string(),
    followers_count: count.nullish(),
    follows_count: count.nullish(),
    media_count: count.nullish(),
    media: z
      .object({
        // like_count is left out when the owner hides like counts.
        data: z.array(z.object({ id: z.string(), like_count: count.nullish(), comments_count: count.nullish() })),
      })
      .nullish(),
  }),
});

/** GET /{page-id}?fields=followers_count,fan_count,name: each count only where the token may read it. */
const pageSchema = z.object({ id: z.string(), name: z.string().nullish(), followers_count: count.nullish(), fan_count: count.nullish() });

/**
 * Graph error codes that say "no such account here": 110 / subcode 2207013 (business discovery:
 * unknown user, or a personal account that is not professional), 803 (unknown alias),
 * 100 / subcode 33 (object does not exist or cannot be loaded).
 */
function absentAccount(err: unknown): boolean {
  if (!(err instanceof HttpError)) return false;
  // 100/33 reads "does not exist, cannot be loaded due to missing permissions…": the classifier
  // calls it forbidden for the word "permissions"; the subcode says the object is not there.
  return err.reason === 'graph_110' || err.reason === 'graph_803' || /\(code 100\/33:/.test(err.message);
}

/**
 * Instagram business discovery, one request per account: followers, follows, media count and
 * the like + comment counts of the latest media. Only professional (business or creator)
 * accounts can be read; a personal account is missing, never zero.
 */
export function createInstagramProfiles(credentials: InstagramProfileCredentials, deps: ProfileDeps, recentPosts: number): ProfileFetcher {
  const graph = createGraphClient(credentials, deps, {
    product: 'Instagram',
    tokenHint: 'generate a new long-lived user access token for the Facebook user linked to the Instagram professional account, and set accessToken',
    permissionHint:
      'business discovery needs instagram_basic and pages_read_engagement (instagram_manage_insights on some apps), and userId must be your Instagram professional account',
  });
  return {
    platform: 'instagram',
    async fetchProfile(handle, signal): Promise<ProfileResult> {
      const fields = `business_discovery.username(${handle}){followers_count,follows_count,media_count,media.limit(${recentPosts}){like_count,comments_count}}`;
      const url = `${graph.root}/${credentials.userId}?fields=${encodeURIComponent(fields)}`;
      let body: unknown;
      try {
        body = (await graph.get(url, signal)).body;
      } catch (err) {
        if (absentAccount(err)) return missing('not_found', `@${handle} is unknown or not a professional account`);
        throw err;
      }
      const bd = parsePayload(businessDiscoverySchema, body, url).business_discovery;
      const media = (bd.media?.data ?? []).filter((m) => m.like_count !== null && m.like_count !== undefined);
      return {
        kind: 'profile',
        followers: bd.followers_count ?? null,
        following: bd.follows_count ?? null,
        posts: bd.media_count ?? null,
        ...meanEngagement(media.map((m) => (m.like_count ?? 0) + (m.comments_count ?? 0))),
      };
    },
  };
}

/**
 * Facebook Page fields: followers_count (else fan_count, the older "likes" of the Page). Pages
 * you do not manage need Page Public Metadata Access; without it the Page is missing
 * (forbidden). Posts and engagement are not read here.
 */
export function createFacebookProfiles(credentials: GraphProfileCredentials, deps: ProfileDeps): ProfileFetcher {
  const graph = createGraphClient(credentials, deps, {
    product: 'Facebook',
    tokenHint: 'generate a new Page or system-user access token and set accessToken',
    permissionHint: "another Page's followers need the Page Public Metadata Access feature; your own Page needs a token with pages_read_engagement",
  });
  return {
    platform: 'facebook',
    async fetchProfile(pageId, signal): Promise<ProfileResult> {
      const url = `${graph.root}/${encodeURIComponent(pageId)}?fields=followers_count,fan_count,name`;
      let body: unknown;
      try {
        body = (await graph.get(url, signal)).body;
      } catch (err) {
        if (absentAccount(err)) return missing('not_found', `no Facebook Page ${pageId}`);
        throw err;
      }
      const page = parsePayload(pageSchema, body, url);
      const followers = page.followers_count ?? page.fan_count ?? null;
      if (followers === null) return missing('forbidden', `the token may not read the followers of Page ${pageId}`);
      return { kind: 'profile', followers, following: null, posts: null, engagementPerPost: null, recentPosts: null };
    },
  };
}
