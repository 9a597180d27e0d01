import { HttpError } from '../../http/errors.js';
import { msUntil, safeJson } from '../json.js';
import { rateLimitResetAt, readRateLimitHeaders, X_HEADERS } from '../rate-limit.js';
import type { RateLimitState } from '../types.js';
import { xErrorSchema } from './schema.js';

const TOKEN_HINT = "set bearerToken to the app's Bearer Token (developer.x.com → your Project → App → Keys and tokens)";

/** x-rate-limit-* per 15-minute window; reset is epoch seconds. 401s carry none. */
export const readXRateLimit = (headers: Headers): RateLimitState | undefined => readRateLimitHeaders(headers, X_HEADERS);

/** The start and end of the billing period that contains `now` (the cap resets on `day`). */
export function capPeriod(now: Date, day: number): { start: string; end: string } {
  const y = now.getUTCFullYear();
  const m = now.getUTCMonth();
  const thisMonth = Date.UTC(y, m, day);
  const start = now.getTime() >= thisMonth ? thisMonth : Date.UTC(y, m - 1, day);
  const startDate = new Date(start);
  const end = Date.UTC(startDate.getUTCFullYear(), startDate.getUTCMonth() + 1, day);
  return { start: startDate.toISOString(), end: new Date(end).toISOString() };
}

/**
 * X error bodies: problem+json, the v1.1 `{errors:[{code,message}]}`, or an HTML page on
 * unknown routes. A 429 is either the 15-minute window (wait for x-rate-limit-reset) or the
 * monthly usage cap (`UsageCapExceeded`, often with plenty of window left): never retried
 * in a loop, the source waits for the next billing period.
 */
export function classifyXError(res: { status: number; headers: Headers; text: string }, now: Date, capResetDay = 1): HttpError | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  const body = xErrorSchema.safeParse(safeJson(res.text)).data;
  const message = body?.errors?.[0]?.message;
  const detail = body
    ? `${res.status} ${body.title ?? ''}${body.detail ? `: ${body.detail}` : ''}${message ? ` (${message})` : ''}`.trim()
    : `${res.status}: ${res.text.replace(/\s+/g, ' ').slice(0, 120)}`;
  const details = { status: res.status };
  if (res.status === 429) {
    const remaining = Number(res.headers.get('x-rate-limit-remaining') ?? Number.NaN);
    const capped = body?.title === 'UsageCapExceeded' || (body?.type ?? '').includes('usage-capped') || remaining > 0;
    if (capped) {
      const end = capPeriod(now, capResetDay).end;
      return new HttpError('transient', `X monthly post cap reached (${detail}); source paused until the period resets at ${end}, or raise the plan`, {
        ...details,
        retryAfterMs: msUntil(end, now),
        reason: 'usage_capped',
      });
    }
    const resetAt = rateLimitResetAt(res.headers, X_HEADERS);
    return new HttpError('transient', `X rate limit reached (${detail}); resets at ${resetAt ?? 'unknown'}`, {
      ...details,
      retryAfterMs: msUntil(resetAt, now) ?? 60_000,
      reason: 'rate_limited',
    });
  }
  if (res.status === 401) return new HttpError('permanent', `X refused the bearer token (${detail}); ${TOKEN_HINT}`, { ...details, reason: 'unauthorized' });
  if (res.status === 403) {
    return new HttpError('permanent', `X forbids this request (${detail}); the app must belong to a Project whose plan includes recent search`, {
      ...details,
      reason: 'forbidden',
    });
  }
  if (res.status === 404)
    return new HttpError('permanent', `X has no such endpoint (${detail}); check the source's apiBase`, { ...details, reason: 'not_found' });
  if (res.status >= 400 && res.status < 500) {
    return new HttpError('permanent', `X rejected the search (${detail}); check the campaign's hashtags (a query is at most 512 characters)`, {
      ...details,
      reason: `http_${res.status}`,
    });
  }
  return undefined;
}
