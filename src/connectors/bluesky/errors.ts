import { HttpError } from '../../http/errors.js';
import { parseRetryAfter } from '../../http/retry.js';
import { msUntil, safeJson } from '../json.js';
import { IETF_DRAFT_HEADERS, rateLimitResetAt, readRateLimitHeaders } from '../rate-limit.js';
import type { RateLimitState } from '../types.js';
import { xrpcErrorSchema } from './schema.js';

const APP_PASSWORD_HINT =
  'set identifier to the account handle (or DID) and appPassword to an app password (Bluesky: Settings → Privacy and security → App passwords)';

/** RateLimit-* (IETF draft names, any case): reset is epoch seconds. */
export const readBlueskyRateLimit = (headers: Headers): RateLimitState | undefined => readRateLimitHeaders(headers, IETF_DRAFT_HEADERS);

/**
 * XRPC errors are `{error, message}`; the name carries the meaning. ExpiredToken comes as a
 * 400 from the PDS and a 401 from the AppView: its reason lets the session refresh and retry.
 */
export function classifyBlueskyError(
  res: { status: number; headers: Headers; text: string },
  now: Date,
  call: 'login' | 'refresh' | 'search' = 'search',
): HttpError | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  const body = xrpcErrorSchema.safeParse(safeJson(res.text)).data;
  const name = body?.error;
  const detail = body
    ? `${res.status} ${body.error}${body.message ? `: ${body.message}` : ''}`
    : `${res.status}: ${res.text.replace(/\s+/g, ' ').slice(0, 120)}`;
  const details = { status: res.status };
  if (name === 'ExpiredToken' || name === 'InvalidToken') {
    return new HttpError('permanent', `Bluesky session token rejected (${detail}); the worker logs in again`, { ...details, reason: 'expired_token' });
  }
  if (res.status === 429) {
    const retryAfterMs =
      parseRetryAfter(res.headers.get('retry-after'), now.getTime()) ?? msUntil(rateLimitResetAt(res.headers, IETF_DRAFT_HEADERS), now) ?? 60_000;
    const what = call === 'search' ? 'Bluesky rate limit reached' : 'Bluesky login rate limit reached (createSession allows a few logins a day)';
    return new HttpError('transient', `${what} (${detail}); source paused for ${Math.ceil(retryAfterMs / 1000)} s`, {
      ...details,
      retryAfterMs,
      reason: 'rate_limited',
    });
  }
  if (res.status === 401 && call !== 'search') {
    return new HttpError('permanent', `Bluesky refused the login (${detail}); ${APP_PASSWORD_HINT}`, { ...details, reason: 'unauthorized' });
  }
  if (res.status === 401) {
    return new HttpError('permanent', `Bluesky requires a logged-in session for search (${detail}); ${APP_PASSWORD_HINT}`, {
      ...details,
      reason: 'unauthorized',
    });
  }
  if (res.status === 403) {
    return new HttpError(
      'permanent',
      `Bluesky forbids this request (${detail}); unauthenticated hosts such as public.api.bsky.app block search: set service to your PDS (https://bsky.social) and log in with an app password`,
      { ...details, reason: 'forbidden' },
    );
  }
  if (res.status === 404) {
    return new HttpError('permanent', `Bluesky service does not serve this method (${detail}); check the source's service URL`, {
      ...details,
      reason: 'not_found',
    });
  }
  if (res.status >= 400 && res.status < 500) {
    return new HttpError('permanent', `Bluesky rejected the request (${detail}); check the campaign's hashtags`, {
      ...details,
      reason: name ?? `http_${res.status}`,
    });
  }
  return undefined;
}
