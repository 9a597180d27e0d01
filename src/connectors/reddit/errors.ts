import { HttpError } from '../../http/errors.js';
import { parseRetryAfter } from '../../http/retry.js';
import { safeJson } from '../json.js';
import type { RateLimitState } from '../types.js';
import { redditErrorSchema } from './schema.js';

const APP_HINT = 'set clientId and clientSecret to an app from https://www.reddit.com/prefs/apps';

/** x-ratelimit-remaining is a float string ("997.0"), x-ratelimit-reset seconds until the window ends. */
export function readRedditRateLimit(headers: Headers, now: Date): RateLimitState | undefined {
  const remaining = headers.get('x-ratelimit-remaining');
  const used = headers.get('x-ratelimit-used');
  const reset = headers.get('x-ratelimit-reset');
  if (remaining === null) return undefined;
  const left = Math.floor(Number(remaining));
  return {
    limit: used === null ? undefined : left + Number(used),
    remaining: left,
    resetAt: reset === null ? undefined : new Date(now.getTime() + Number(reset) * 1000).toISOString(),
  };
}

export function classifyRedditError(
  res: { status: number; headers: Headers; text: string },
  now: Date,
  call: 'token' | 'search' = 'search',
): HttpError | undefined {
  const body = redditErrorSchema.safeParse(safeJson(res.text)).data;
  // The token endpoint answers a bad grant with a 200 and {"error": "invalid_grant"}.
  if (res.status >= 200 && res.status < 300) {
    if (call === 'token' && typeof body?.error === 'string') {
      return new HttpError('permanent', `Reddit refused the app-only login (${body.error}); ${APP_HINT}`, { status: res.status, reason: 'unauthorized' });
    }
    return undefined;
  }
  const detail = body
    ? `${res.status} ${body.message ?? body.reason ?? ''}${typeof body.error === 'string' ? ` ${body.error}` : ''}`.trim()
    : `${res.status}: ${res.text.replace(/\s+/g, ' ').slice(0, 120)}`;
  const details = { status: res.status };
  if (res.status === 429) {
    const reset = res.headers.get('x-ratelimit-reset');
    const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now.getTime()) ?? (reset ? Math.max(1000, Number(reset) * 1000) : 60_000);
    return new HttpError('transient', `Reddit rate limit reached (${detail}); source paused for ${Math.ceil(retryAfterMs / 1000)} s`, {
      ...details,
      retryAfterMs,
      reason: 'rate_limited',
    });
  }
  if (res.status === 401) {
    const what = call === 'token' ? 'Reddit refused the app credentials' : 'Reddit refused the access token';
    return new HttpError('permanent', `${what} (${detail}); ${APP_HINT}`, { ...details, reason: 'unauthorized' });
  }
  if (res.status === 403) {
    return new HttpError(
      'permanent',
      `Reddit forbids this listing (${detail}); a listed subreddit may be private, quarantined or banned (remove it from subreddits), or the userAgent is blocked (make it descriptive)`,
      { ...details, reason: 'forbidden' },
    );
  }
  if (res.status === 404) {
    return new HttpError('permanent', `Reddit has no such listing (${detail}); check the source's subreddits`, { ...details, reason: 'not_found' });
  }
  if (res.status >= 400 && res.status < 500) {
    return new HttpError('permanent', `Reddit rejected the search (${detail})`, { ...details, reason: `http_${res.status}` });
  }
  return undefined;
}
