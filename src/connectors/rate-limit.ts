import { epochSecondsToIso } from './json.js';
import type { RateLimitState } from './types.js';

/**
 * A family of limit / remaining / reset headers: their common prefix and what the reset value
 * is (epoch seconds, or already an ISO time). Reddit's family (a float `remaining`, `used`, a
 * reset in seconds from now) has its own reader (reddit/errors.ts).
 */
export interface RateLimitHeaders {
  prefix: string;
  resetAt(value: string | null): string | undefined;
}

/** `RateLimit-Limit`, `-Remaining`, `-Reset` (IETF draft names; Bluesky): reset in epoch seconds. */
export const IETF_DRAFT_HEADERS: RateLimitHeaders = { prefix: 'ratelimit-', resetAt: epochSecondsToIso };
/** `x-rate-limit-*` (X): reset in epoch seconds. */
export const X_HEADERS: RateLimitHeaders = { prefix: 'x-rate-limit-', resetAt: epochSecondsToIso };
/** `x-ratelimit-*` (Mastodon): reset is an ISO 8601 time. */
export const MASTODON_HEADERS: RateLimitHeaders = { prefix: 'x-ratelimit-', resetAt: (value) => value ?? undefined };

/** The response's rate-limit state; undefined when it carries neither limit nor remaining. */
export function readRateLimitHeaders(headers: Headers, family: RateLimitHeaders): RateLimitState | undefined {
  const limit = headers.get(`${family.prefix}limit`);
  const remaining = headers.get(`${family.prefix}remaining`);
  if (limit === null && remaining === null) return undefined;
  return {
    limit: limit === null ? undefined : Number(limit),
    remaining: remaining === null ? undefined : Number(remaining),
    resetAt: rateLimitResetAt(headers, family),
  };
}

/** When the window resets (ISO), for a 429's wait. */
export const rateLimitResetAt = (headers: Headers, family: RateLimitHeaders) => family.resetAt(headers.get(`${family.prefix}reset`));
