import type { XSourceConfig } from './platform.js';
import { parsePayload } from '../../http/client.js';
import { withRetry } from '../../http/retry.js';
import { compareIds } from '../mastodon/ids.js';
import { readJsonCursor } from '../json.js';
import type { Connector, ConnectorDeps, Page, RateLimitState, SourceQuery } from '../types.js';
import { capPeriod, classifyXError, readXRateLimit } from './errors.js';
import { normalizeXTweet, xPageItems } from './normalize.js';
import { xCursorSchema, xSearchPageSchema, type XCursor } from './schema.js';

const FIELDS = {
  'tweet.fields': 'created_at,public_metrics,lang,geo,entities,author_id,referenced_tweets',
  expansions: 'author_id,geo.place_id',
  'user.fields': 'username,name,location,created_at,public_metrics',
  'place.fields': 'full_name,name,country_code',
};

/** Recent search covers the last 7 days; start a little inside the window. */
const RECENT_WINDOW_MS = 7 * 24 * 3_600_000 - 5 * 60_000;

/**
 * GET /2/tweets/search/recent. Pages come newest-first through next_token; the cursor keeps
 * the committed mark (`since_id`) apart from the walk in progress (its newest id and the
 * `until_id` it resumes from), so a crash or a spent budget resumes instead of skipping, and
 * only a finished walk moves the mark. Posts read are counted against the monthly cap.
 */
export function createXConnector(source: XSourceConfig, deps: ConnectorDeps): Connector {
  const base = source.apiBase.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${source.bearerToken}` };

  return {
    platform: 'x',
    normalize: normalizeXTweet,
    async *poll(query: SourceQuery, cursor, signal): AsyncIterable<Page> {
      if (query.hashtags.length === 0) return;
      const now = deps.now();
      const period = capPeriod(now, source.capResetDay);
      const stored = readJsonCursor(xCursorSchema, cursor);
      let state: XCursor = { v: 1, mark: stored?.mark ?? null, ...(stored?.top ? { top: stored.top } : {}), ...(stored?.until ? { until: stored.until } : {}) };
      let used = stored?.usage?.period === period.start ? stored.usage.used : 0;

      const params = new URLSearchParams({ query: searchQuery(query.hashtags, source.includeRetweets), ...FIELDS });
      const windowStart = now.getTime() - RECENT_WINDOW_MS;
      // A since_id older than the 7-day window is refused: start at the window instead.
      if (state.mark && snowflakeTime(state.mark) > windowStart) params.set('since_id', state.mark);
      else params.set('start_time', isoSeconds(new Date(Math.max(query.since.getTime(), windowStart))));
      if (state.until) params.set('until_id', state.until);

      for (let page = 0; page < source.maxPages && !signal.aborted; page++) {
        const left = source.monthlyPostCap === undefined ? source.limit : source.monthlyPostCap - used;
        if (left <= 0) {
          deps.log.warn({ used, cap: source.monthlyPostCap, resetAt: period.end }, 'x monthly post cap spent: source paused until the period resets');
          yield { items: [], cursor: null, rateLimit: { limit: source.monthlyPostCap, remaining: 0, resetAt: period.end, budgets: budgets(used) } };
          return;
        }
        params.set('max_results', String(Math.max(10, Math.min(source.limit, left))));
        const url = `${base}/2/tweets/search/recent?${params.toString()}`;
        const res = await withRetry(() => deps.http.json(url, { headers, signal, classify: (r) => classifyXError(r, deps.now(), source.capResetDay) }), {
          signal,
          sleep: deps.sleep,
        });
        const body = parsePayload(xSearchPageSchema, res.body, url);
        if (body.errors.length > 0) {
          deps.log.warn(
            { partialErrors: body.errors.length, first: body.errors[0]?.detail ?? body.errors[0]?.title },
            'x page carries partial errors; its data is kept',
          );
        }
        used += body.data.length;
        const last = !body.meta.next_token;
        const top = maxId(state.top, body.meta.newest_id);
        state = last
          ? { v: 1, mark: maxId(state.mark ?? undefined, top) ?? null }
          : { v: 1, mark: state.mark, ...(top ? { top } : {}), until: body.meta.oldest_id ?? state.until };
        const rateLimit: RateLimitState = { ...readXRateLimit(res.headers), budgets: budgets(used) };
        yield { items: xPageItems(body), cursor: JSON.stringify({ ...state, usage: { period: period.start, used } }), rateLimit };
        if (last || rateLimit.remaining === 0) {
          deps.log.info(
            { windowRemaining: rateLimit.remaining, windowResetAt: rateLimit.resetAt, monthlyPostsUsed: used, monthlyPostCap: source.monthlyPostCap },
            'x budget',
          );
          return;
        }
        params.set('next_token', body.meta.next_token as string);
      }
    },
  };

  function budgets(used: number): RateLimitState['budgets'] {
    if (source.monthlyPostCap === undefined) return undefined;
    return { monthlyPosts: { used, limit: source.monthlyPostCap, resetAt: capPeriod(deps.now(), source.capResetDay).end } };
  }
}

/** `(#a OR #b) -is:retweet`; hashtag search is case-insensitive. */
export function searchQuery(hashtags: readonly string[], includeRetweets: boolean): string {
  const tags = hashtags.map((t) => `#${t}`).join(' OR ');
  const q = hashtags.length > 1 ? `(${tags})` : tags;
  return includeRetweets ? q : `${q} -is:retweet`;
}

function maxId(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareIds(a, b) >= 0 ? a : b;
}

/** Snowflakes carry their creation time: milliseconds since the Twitter epoch, shifted by 22 bits. */
export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + 1288834974657n);
}

/** X wants RFC 3339 with second granularity. */
function isoSeconds(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}
