import { z } from 'zod';
import type { TiktokSourceConfig } from './platform.js';
import { parsePayload } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { readJsonCursor, writeJsonCursor } from '../json.js';
import type { Connector, ConnectorDeps, Page, RateLimitState, SourceQuery } from '../types.js';
import { createResearchClient } from './client.js';
import { parseLosslessJson } from './lossless-json.js';
import { normalizeTiktokVideo } from './normalize.js';
import { tiktokError } from './errors.js';
import { TIKTOK_FIELDS, tiktokQueryResponseSchema } from './schema.js';

export { classifyTiktokError, tiktokError } from './errors.js';

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
  const log = deps.log.child({ platform: 'tiktok' });
  const client = createResearchClient(source, deps);

  async function query(body: Record<string, unknown>, signal: AbortSignal) {
    const url = `${client.api}/v2/research/video/query/?fields=${TIKTOK_FIELDS}`;
    const res = await client.post(url, body, signal, 'text');
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
