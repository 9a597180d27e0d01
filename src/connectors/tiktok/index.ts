import { z } from 'zod';
import type { TiktokSourceConfig } from './platform.js';
import { parsePayload } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { withRetry } from '../../http/retry.js';
import { readJsonCursor, writeJsonCursor } from '../json.js';
import type { Connector, ConnectorDeps, Page, RateLimitState, SourceQuery } from '../types.js';
import { createTokenSource } from './auth.js';
import { parseLosslessJson } from './lossless-json.js';
import { normalizeTiktokVideo } from './normalize.js';
import { TIKTOK_FIELDS, tiktokErrorSchema, tiktokQueryResponseSchema } from './schema.js';

/** One query spans at most 30 days (end_date ≤ start_date + 29, inclusive, UTC). */
const WINDOW_DAYS = 30;

/**
 * `from`: first day (UTC, YYYYMMDD) of the next window to search. `walk`: a window being paged
 * (`search_id` + `cursor` keep TikTok's paging consistent). `quota`: requests spent on the UTC
 * day `day`. Results inside a window are unordered and indexed late, so the mark is a day, and
 * the last `lagDays` are searched again on every poll: posts are idempotent.
 */
const tkCursorSchema = z.object({
  v: z.literal(1),
  from: z.string().regex(/^\d{8}$/),
  walk: z.object({ start: z.string(), end: z.string(), searchId: z.string(), cursor: z.number().int() }).optional(),
  quota: z.object({ day: z.string(), used: z.number().int().nonnegative() }),
});
type TkCursor = z.infer<typeof tkCursorSchema>;

export const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');
export function addDays(day: string, n: number): string {
  const d = new Date(Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8)) + n));
  return ymd(d);
}
const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);

/** TikTok Research API video query, by hashtag, in date windows; client-credentials auth. */
export function createTiktokConnector(source: TiktokSourceConfig, deps: ConnectorDeps): Connector {
  const api = source.apiUrl.replace(/\/+$/, '');
  const log = deps.log.child({ platform: 'tiktok' });
  const tokens = createTokenSource(source, deps);

  async function query(body: Record<string, unknown>, signal: AbortSignal) {
    const url = `${api}/v2/research/video/query/?fields=${TIKTOK_FIELDS}`;
    const send = async () => {
      const token = await tokens.get(signal);
      return withRetry(
        () =>
          deps.http.text(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
            signal,
            classify: (res) => classifyTiktokError(res, deps.now()),
          }),
        { signal, sleep: deps.sleep },
      );
    };
    let res;
    try {
      res = await send();
    } catch (err) {
      // A client token can die before its stated expiry: fetch a new one, once.
      if (!(err instanceof HttpError) || err.reason !== 'access_token_invalid') throw err;
      tokens.invalidate();
      res = await send();
    }
    let parsed: unknown;
    try {
      parsed = parseLosslessJson(res.body);
    } catch (cause) {
      throw new HttpError('payload', `invalid JSON from TikTok: ${res.body.slice(0, 120)}`, { reason: 'invalid_json', cause });
    }
    return parsePayload(tiktokQueryResponseSchema, parsed, url);
  }

  return {
    platform: 'tiktok',
    normalize: normalizeTiktokVideo,
    async *poll(q: SourceQuery, cursor, signal): AsyncIterable<Page> {
      if (q.hashtags.length === 0) return;
      const now = deps.now();
      const today = ymd(now);
      const day = now.toISOString().slice(0, 10);
      const resetAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1)).toISOString();
      const stored = readJsonCursor(tkCursorSchema, cursor);
      const state: TkCursor = {
        v: 1,
        from: minDay(stored?.from ?? ymd(q.since), today),
        walk: stored?.walk,
        quota: stored?.quota.day === day ? stored.quota : { day, used: 0 },
      };
      const rateLimit = (): RateLimitState => {
        const remaining = Math.max(0, source.dailyRequests - state.quota.used);
        return { limit: source.dailyRequests, remaining, resetAt, budgets: { requests: { used: state.quota.used, limit: source.dailyRequests, resetAt } } };
      };

      for (let page = 0; page < source.maxPages; page++) {
        if (state.quota.used >= source.dailyRequests) {
          log.warn({ used: state.quota.used, limit: source.dailyRequests, resetAt }, 'tiktok daily quota spent: source paused until reset');
          yield { items: [], cursor: writeJsonCursor(state), rateLimit: rateLimit() };
          return;
        }
        const start = state.walk?.start ?? state.from;
        const end = state.walk?.end ?? minDay(addDays(start, WINDOW_DAYS - 1), today);
        const body = videoQueryBody({
          hashtags: q.hashtags,
          regionCodes: source.regionCodes,
          start,
          end,
          maxCount: source.maxCount,
          cursor: state.walk?.cursor ?? 0,
          searchId: state.walk?.searchId,
        });
        let res;
        try {
          state.quota.used += 1;
          res = await query(body, signal);
        } catch (err) {
          if (!state.walk || !(err instanceof HttpError) || err.reason !== 'invalid_params') throw err;
          // An expired search_id must not wedge the source: search the window again.
          log.warn({ err }, 'tiktok walk could not resume: restarting the window');
          state.walk = undefined;
          state.quota.used += 1;
          res = await query({ ...body, cursor: 0, search_id: undefined }, signal);
        }
        const items = res.data?.videos ?? [];
        if (res.error && res.error.code !== 'ok') {
          const err = tiktokError(res.error, 200, now);
          if (items.length === 0) throw err;
          log.warn({ code: res.error.code, kept: items.length }, 'tiktok page carried an error: its videos are kept');
        }
        if (res.data?.has_more && res.data.search_id !== undefined && res.data.cursor !== undefined) {
          state.walk = { start, end, searchId: res.data.search_id, cursor: res.data.cursor };
          yield { items, cursor: writeJsonCursor(state), rateLimit: rateLimit() };
          continue;
        }
        // The window is complete: move on, but keep the last lagDays to be searched again.
        state.walk = undefined;
        state.from = maxDay(start, minDay(addDays(end, 1), addDays(today, -source.lagDays)));
        yield { items, cursor: writeJsonCursor(state), rateLimit: rateLimit() };
        if (end >= today) return;
      }
      log.warn({ maxPages: source.maxPages }, 'tiktok walk truncated at maxPages: the next poll goes on from there');
    },
  };
}

export interface VideoQuery {
  hashtags: readonly string[];
  regionCodes?: readonly string[];
  start: string;
  end: string;
  maxCount: number;
  cursor: number;
  searchId?: string;
}

/** The body of POST /v2/research/video/query/: hashtags (any of), optional regions, a date window. */
export function videoQueryBody(v: VideoQuery): Record<string, unknown> {
  const and = [
    { operation: 'IN', field_name: 'hashtag_name', field_values: [...v.hashtags] },
    ...(v.regionCodes ? [{ operation: 'IN', field_name: 'region_code', field_values: [...v.regionCodes] }] : []),
  ];
  return {
    query: { and },
    start_date: v.start,
    end_date: v.end,
    max_count: v.maxCount,
    is_random: false,
    cursor: v.cursor,
    ...(v.searchId ? { search_id: v.searchId } : {}),
  };
}

const HINTS: Record<string, { kind: 'transient' | 'permanent'; hint: string }> = {
  access_token_invalid: { kind: 'permanent', hint: 'check clientKey and clientSecret' },
  scope_not_authorized: { kind: 'permanent', hint: 'the app needs the research.data.basic scope: TikTok must approve it for the Research API' },
  scope_permission_missed: { kind: 'permanent', hint: 'the app needs the research.data.basic scope: TikTok must approve it for the Research API' },
  invalid_params: { kind: 'permanent', hint: 'check the hashtags and regionCodes of this source' },
  rate_limit_exceeded: { kind: 'transient', hint: 'the source waits a minute' },
  daily_quota_limit_exceeded: { kind: 'transient', hint: 'the source waits until 00:00 UTC' },
  internal_error: { kind: 'transient', hint: 'TikTok will be asked again' },
};

export function tiktokError(e: z.infer<typeof tiktokErrorSchema>, status: number, now: Date): HttpError {
  const known = HINTS[e.code];
  const kind = known?.kind ?? (status >= 500 || status === 429 ? 'transient' : 'permanent');
  const nextUtcMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const retryAfterMs =
    e.code === 'daily_quota_limit_exceeded' ? nextUtcMidnight - now.getTime() : e.code === 'rate_limit_exceeded' || status === 429 ? 60_000 : undefined;
  const message = `TikTok ${status === 200 ? 'answered' : `refused the request (${status})`} with ${e.code}: ${e.message ?? ''}${known ? `; ${known.hint}` : ''}${e.log_id ? ` (log_id ${e.log_id})` : ''}`;
  return new HttpError(kind, message, { status, reason: e.code, retryAfterMs });
}

/** TikTok's v2 envelope: `error.code` is a string and carries the meaning ("ok" on success). */
export function classifyTiktokError(res: { status: number; text: string }, now: Date): HttpError | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return undefined;
  }
  const parsed = z.object({ error: tiktokErrorSchema }).safeParse(body);
  return parsed.success ? tiktokError(parsed.data.error, res.status, now) : undefined;
}
