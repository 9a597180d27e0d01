import type { MastodonSourceConfig } from './platform.js';
import { HttpError } from '../../http/errors.js';
import { parsePayload } from '../../http/client.js';
import { withRetry } from '../../http/retry.js';
import type { Connector, ConnectorDeps, Page, RateLimitState, SourceQuery } from '../types.js';
import { idAt, maxId } from './ids.js';
import { safeJson } from '../json.js';
import { MASTODON_HEADERS, readRateLimitHeaders } from '../rate-limit.js';
import { normalizeMastodonStatus } from './normalize.js';
import { mastodonErrorSchema, mastodonTimelineSchema } from './schema.js';

/** A tag timeline searches one tag plus up to four more through `any[]`. */
export const MAX_TAGS_PER_SOURCE = 5;

/**
 * Hashtag timeline, polled forward: `min_id` returns the `limit` statuses right after the
 * cursor, so pages come oldest-first and the cursor can advance after each stored page.
 */
export function createMastodonConnector(source: MastodonSourceConfig, deps: ConnectorDeps): Connector {
  const base = source.instance.replace(/\/+$/, '');
  const headers: Record<string, string> = source.accessToken ? { authorization: `Bearer ${source.accessToken}` } : {};

  const pageUrl = (tags: readonly string[], minId: string) => {
    const [first, ...rest] = tags;
    const url = new URL(`${base}/api/v1/timelines/tag/${encodeURIComponent(first as string)}`);
    url.searchParams.set('limit', String(source.limit));
    url.searchParams.set('min_id', minId);
    for (const tag of rest) url.searchParams.append('any[]', tag);
    if (source.local) url.searchParams.set('local', 'true');
    return url.toString();
  };

  return {
    platform: 'mastodon',
    normalize: normalizeMastodonStatus,
    async *poll(query: SourceQuery, cursor, signal): AsyncIterable<Page> {
      if (query.hashtags.length === 0) return;
      if (query.hashtags.length > MAX_TAGS_PER_SOURCE) {
        throw new HttpError(
          'permanent',
          `a Mastodon source searches at most ${MAX_TAGS_PER_SOURCE} hashtags; split the campaign's hashtags over several sources`,
        );
      }
      let minId = cursor ?? idAt(query.since);
      for (let page = 0; page < source.maxPages; page++) {
        const url = pageUrl(query.hashtags, minId);
        const res = await withRetry(() => deps.http.json(url, { headers, signal, classify: (r) => classifyMastodonError(r, deps.now()) }), {
          signal,
          sleep: deps.sleep,
        });
        const items = parsePayload(mastodonTimelineSchema, res.body, url);
        const rateLimit = readRateLimit(res.headers);
        const newest = maxId(items.map(idOf).filter((id): id is string => id !== null));
        yield { items, cursor: newest, rateLimit };
        if (items.length < source.limit || newest === null || rateLimit?.remaining === 0) return;
        minId = newest;
      }
    },
  };
}

function idOf(item: unknown): string | null {
  const id = (item as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? id : null;
}

export const readRateLimit = (headers: Headers): RateLimitState | undefined => readRateLimitHeaders(headers, MASTODON_HEADERS);

/** Mastodon's error text is localized: the meaning is in the status, never in the message. */
export function classifyMastodonError(res: { status: number; headers: Headers; text: string }, now: Date): HttpError | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  const body = safeJson(res.text);
  const detail = mastodonErrorSchema.safeParse(body).data?.error ?? res.text.slice(0, 200);
  if (res.status === 429) {
    // Without a reset time, ordinary backoff applies (and pauses the source if it persists).
    const reset = res.headers.get('x-ratelimit-reset');
    const until = reset ? Date.parse(reset) - now.getTime() : Number.NaN;
    return new HttpError('transient', `Mastodon rate limit reached; resets at ${reset ?? 'an unknown time'}`, {
      status: 429,
      retryAfterMs: Number.isFinite(until) ? Math.max(1000, until) : undefined,
      reason: 'rate_limited',
    });
  }
  if (res.status === 401) {
    return new HttpError(
      'permanent',
      `Mastodon refused the access token (401: ${detail}); set a valid accessToken for this source, or remove it if the instance serves public tag timelines`,
      { status: 401, reason: 'unauthorized' },
    );
  }
  if (res.status === 403) {
    return new HttpError('permanent', `Mastodon forbids this request (403: ${detail}); the instance may require a logged-in token for tag timelines`, {
      status: 403,
      reason: 'forbidden',
    });
  }
  if (res.status === 404) {
    return new HttpError('permanent', `Mastodon has no such endpoint or tag (404: ${detail}); check the instance URL`, { status: 404, reason: 'not_found' });
  }
  return undefined;
}
