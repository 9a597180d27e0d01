import { z } from 'zod';
import { classifyMastodonError } from './index.js';
import { mastodonAccountSchema } from './schema.js';
import { parsePayload } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { withRetry } from '../../http/retry.js';
import { meanEngagement, missing, type ProfileDeps, type ProfileFetcher } from '../../accounts/types.js';

/** Where to look accounts up: one instance (with an optional token), or unset: each account's own instance. */
export interface MastodonProfileCredentials {
  instance?: string;
  accessToken?: string;
}

/** GET /api/v1/accounts/lookup?acct= (the Account entity); suspended accounts carry `suspended: true`. */
const accountSchema = mastodonAccountSchema.extend({
  locked: z.boolean().nullish(),
  suspended: z.boolean().nullish(),
  limited: z.boolean().nullish(),
  moved: z.unknown().nullish(),
});

const statusCountsSchema = z.array(
  z.looseObject({
    reblogs_count: z.number().int().nonnegative().default(0),
    favourites_count: z.number().int().nonnegative().default(0),
    replies_count: z.number().int().nonnegative().default(0),
    quotes_count: z.number().int().nonnegative().nullish(),
  }),
);

/**
 * Mastodon: the account lookup gives followers, following and statuses; its latest public
 * statuses (boosts and replies left out) give engagement per post. Two requests per account,
 * no token needed on instances that serve public profiles.
 */
export function createMastodonProfiles(credentials: MastodonProfileCredentials | undefined, deps: ProfileDeps, recentPosts: number): ProfileFetcher {
  const headers: Record<string, string> = credentials?.accessToken ? { authorization: `Bearer ${credentials.accessToken}` } : {};
  const get = (url: string, signal: AbortSignal) =>
    withRetry(() => deps.http.json(url, { headers, signal, classify: (r) => classifyMastodonError(r, deps.now()) }), { signal, sleep: deps.sleep });

  return {
    platform: 'mastodon',
    async fetchProfile(handle, signal) {
      const at = handle.lastIndexOf('@');
      const user = handle.slice(0, at);
      const domain = handle.slice(at + 1);
      // On the account's own instance the acct is the bare username; elsewhere, the full handle.
      const base = (credentials?.instance ?? `https://${domain}`).replace(/\/+$/, '');
      const acct = credentials?.instance ? handle : user;
      const lookupUrl = `${base}/api/v1/accounts/lookup?acct=${encodeURIComponent(acct)}`;
      let body: unknown;
      try {
        body = (await get(lookupUrl, signal)).body;
      } catch (err) {
        if (err instanceof HttpError && err.status === 404) return missing('not_found', `no account ${handle} on ${new URL(base).host}`);
        if (err instanceof HttpError && err.status === 410) return missing('suspended', `${handle} is gone`);
        throw err;
      }
      const account = parsePayload(accountSchema, body, lookupUrl);
      if (account.suspended) return missing('suspended', `${handle} is suspended`);

      const statusesUrl = `${base}/api/v1/accounts/${encodeURIComponent(account.id)}/statuses?limit=${recentPosts}&exclude_reblogs=true&exclude_replies=true`;
      const statuses = parsePayload(statusCountsSchema, (await get(statusesUrl, signal)).body, statusesUrl);
      return {
        kind: 'profile',
        followers: account.followers_count ?? null,
        following: account.following_count ?? null,
        posts: account.statuses_count ?? null,
        ...meanEngagement(statuses.map((s) => s.favourites_count + s.reblogs_count + s.replies_count + (s.quotes_count ?? 0))),
      };
    },
  };
}
