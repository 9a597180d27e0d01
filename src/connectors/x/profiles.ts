import { z } from 'zod';
import { classifyXError } from './errors.js';
import { parsePayload } from '../../http/client.js';
import { withRetry } from '../../http/retry.js';
import { missing, type ProfileDeps, type ProfileFetcher } from '../../accounts/types.js';

export interface XProfileCredentials {
  bearerToken: string;
  apiBase: string;
  /** The billing day of the plan (from the source), for the usage-cap message. */
  capResetDay?: number;
}

const count = z.number().int().nonnegative();

/**
 * GET /2/users/by/username/:username?user.fields=public_metrics,protected. An unknown or
 * suspended user is a 200 with `errors` and no `data` (problem type resource-not-found).
 */
const userLookupSchema = z.object({
  data: z
    .object({
      id: z.string(),
      username: z.string(),
      protected: z.boolean().nullish(),
      public_metrics: z.object({ followers_count: count, following_count: count, tweet_count: count, listed_count: count.optional() }).partial().nullish(),
    })
    .optional(),
  errors: z.array(z.looseObject({ title: z.string().optional(), detail: z.string().optional(), type: z.string().optional() })).default([]),
});

/**
 * X: one users lookup per account (user lookups do not count against the monthly post cap).
 * Engagement per post is not read: the user's timeline would spend the plan's post reads.
 */
export function createXProfiles(credentials: XProfileCredentials, deps: ProfileDeps): ProfileFetcher {
  const base = credentials.apiBase.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${credentials.bearerToken}` };
  return {
    platform: 'x',
    async fetchProfile(handle, signal) {
      const url = `${base}/2/users/by/username/${encodeURIComponent(handle)}?user.fields=public_metrics,protected`;
      // A 404 means a wrong apiBase (unknown users are 200s with errors): it throws, as a config problem.
      const { body } = await withRetry(
        () => deps.http.json(url, { headers, signal, classify: (r) => classifyXError(r, deps.now(), credentials.capResetDay ?? 1) }),
        { signal, sleep: deps.sleep },
      );
      const res = parsePayload(userLookupSchema, body, url);
      if (!res.data) {
        const first = res.errors[0];
        const detail = first?.detail ?? first?.title ?? 'no user in the answer';
        return missing(/suspend/i.test(detail) || first?.title === 'Forbidden' ? 'suspended' : 'not_found', detail);
      }
      const m = res.data.public_metrics ?? {};
      return {
        kind: 'profile',
        followers: m.followers_count ?? null,
        following: m.following_count ?? null,
        posts: m.tweet_count ?? null,
        engagementPerPost: null,
        recentPosts: null,
      };
    },
  };
}
