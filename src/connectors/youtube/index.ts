import { z } from 'zod';
import type { YoutubeSourceConfig } from './platform.js';
import { parsePayload } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { withRetry } from '../../http/retry.js';
import { readJsonCursor, safeJson, writeJsonCursor } from '../json.js';
import type { Connector, ConnectorDeps, Page, RateLimitState, SourceQuery } from '../types.js';
import { normalizeYoutubeVideo } from './normalize.js';
import { nextPacificMidnight, pacificDay } from './quota.js';
import { googleErrorSchema, searchListSchema, searchResultSchema, VIDEO_PARTS, videoListSchema } from './schema.js';

/** Search indexes new videos late: each walk looks this far behind the newest one stored. */
export const INDEX_LAG_MS = 3_600_000;
/** videos.list costs 1 unit whatever the parts. */
const VIDEOS_COST = 1;

/**
 * `after`: the committed mark (publishedAt of the newest video stored). `walk`: a walk in
 * progress (order=date pages are newest-first; the mark moves only when the walk ends).
 * `quota`: units this source spent on the Pacific day `day` — YouTube has no quota headers.
 */
const ytCursorSchema = z.object({
  v: z.literal(1),
  after: z.iso.datetime(),
  walk: z.object({ pageToken: z.string(), top: z.iso.datetime() }).optional(),
  quota: z.object({ day: z.string(), used: z.number().int().nonnegative() }),
});
type YtCursor = z.infer<typeof ytCursorSchema>;

/**
 * YouTube Data API v3: search.list (order=date, publishedAfter) for ids, then videos.list for
 * statistics and the full description. Each search page costs `searchCost` units of the
 * `dailyQuota`; when the next page would overdraw it the walk stops and the source pauses
 * until midnight Pacific.
 */
export function createYoutubeConnector(source: YoutubeSourceConfig, deps: ConnectorDeps): Connector {
  const api = source.apiUrl.replace(/\/+$/, '');
  const log = deps.log.child({ platform: 'youtube' });
  const classify = (res: { status: number; headers: Headers; text: string }) => classifyYoutubeError(res, deps.now());
  const get = (url: URL, signal: AbortSignal) => {
    url.searchParams.set('key', source.apiKey);
    return withRetry(() => deps.http.json(url.toString(), { signal, classify }), { signal, sleep: deps.sleep });
  };

  return {
    platform: 'youtube',
    normalize: normalizeYoutubeVideo,
    async *poll(query: SourceQuery, cursor, signal): AsyncIterable<Page> {
      if (query.hashtags.length === 0) return;
      const now = deps.now();
      const stored = readJsonCursor(ytCursorSchema, cursor);
      const day = pacificDay(now);
      const resetAt = nextPacificMidnight(now).toISOString();
      const state: YtCursor = {
        v: 1,
        after: stored?.after ?? query.since.toISOString(),
        walk: stored?.walk,
        quota: stored?.quota.day === day ? stored.quota : { day, used: 0 },
      };
      const rateLimit = (): RateLimitState => {
        const remaining = Math.max(0, source.dailyQuota - state.quota.used);
        return { limit: source.dailyQuota, remaining, resetAt, budgets: { quotaUnits: { used: state.quota.used, limit: source.dailyQuota, resetAt } } };
      };
      const publishedAfter = new Date(Date.parse(state.after) - INDEX_LAG_MS).toISOString();
      let resuming = state.walk !== undefined;

      for (let page = 0; page < source.maxPages; page++) {
        if (state.quota.used + source.searchCost + VIDEOS_COST > source.dailyQuota) {
          log.warn({ used: state.quota.used, limit: source.dailyQuota, resetAt }, 'youtube quota spent: source paused until reset');
          yield { items: [], cursor: writeJsonCursor(state), rateLimit: { ...rateLimit(), remaining: 0 } };
          return;
        }
        const search = new URL(`${api}/search`);
        search.search = new URLSearchParams({
          part: 'snippet',
          type: 'video',
          order: 'date',
          q: query.hashtags.map((t) => `#${t}`).join('|'),
          publishedAfter,
          maxResults: String(source.limit),
          ...(source.regionCode ? { regionCode: source.regionCode } : {}),
          ...(source.relevanceLanguage ? { relevanceLanguage: source.relevanceLanguage } : {}),
          ...(state.walk ? { pageToken: state.walk.pageToken } : {}),
        }).toString();
        let res;
        try {
          res = await get(search, signal);
        } catch (err) {
          if (!resuming || !(err instanceof HttpError) || err.reason !== 'invalidPageToken') throw err;
          // A stale page token must not wedge the source: walk again from the mark.
          log.warn({ err }, 'youtube walk could not resume: restarting from the stored mark');
          state.walk = undefined;
          search.searchParams.delete('pageToken');
          res = await get(search, signal);
        }
        resuming = false;
        state.quota.used += source.searchCost;
        const body = parsePayload(searchListSchema, res.body, search.toString());
        const results = body.items.map((i) => searchResultSchema.safeParse(i).data).filter((r) => r !== undefined);
        const top = [state.walk?.top ?? state.after, ...results.map((r) => r.snippet?.publishedAt).filter((t) => t !== undefined)]
          .map((t) => new Date(t).toISOString())
          .sort()
          .at(-1) as string;

        let items: unknown[] = [];
        if (results.length > 0) {
          const videos = new URL(`${api}/videos`);
          videos.search = new URLSearchParams({ part: VIDEO_PARTS, id: results.map((r) => r.id.videoId).join(','), maxResults: '50' }).toString();
          const vres = await get(videos, signal);
          state.quota.used += VIDEOS_COST;
          items = parsePayload(videoListSchema, vres.body, videos.toString()).items;
        }
        if (!body.nextPageToken || results.length === 0) {
          state.after = top;
          state.walk = undefined;
          yield { items, cursor: writeJsonCursor(state), rateLimit: rateLimit() };
          return;
        }
        state.walk = { pageToken: body.nextPageToken, top };
        yield { items, cursor: writeJsonCursor(state), rateLimit: rateLimit() };
      }
      log.warn({ maxPages: source.maxPages }, 'youtube walk truncated at maxPages: the next poll goes on from there');
    },
  };
}

/** Google's error envelope: the meaning is in errors[].reason, not in the HTTP status. */
export function classifyYoutubeError(res: { status: number; headers: Headers; text: string }, now: Date): HttpError | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  const parsed = googleErrorSchema.safeParse(safeJson(res.text));
  if (!parsed.success) return undefined;
  const e = parsed.data.error;
  const reason = e.errors?.[0]?.reason ?? e.status ?? `http_${res.status}`;
  const detail = `${res.status} ${reason}: ${(e.errors?.[0]?.message ?? e.message).replace(/<[^>]*>/g, '')}`;
  const base = { status: res.status, reason };
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
    const reset = nextPacificMidnight(now);
    return new HttpError('transient', `YouTube daily quota spent (${detail}); the source waits until ${reset.toISOString()} (midnight Pacific)`, {
      ...base,
      retryAfterMs: reset.getTime() - now.getTime(),
    });
  }
  if (reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded' || res.status === 429) {
    return new HttpError('transient', `YouTube rate limit reached (${detail})`, { ...base, retryAfterMs: 60_000 });
  }
  if (/^key(Invalid|Expired)$/.test(reason) || /API key/i.test(e.message) || res.status === 401) {
    return new HttpError(
      'permanent',
      `YouTube refused the API key (${detail}); create an API key in Google Cloud with "YouTube Data API v3" enabled and set apiKey`,
      {
        ...base,
        reason: 'unauthorized',
      },
    );
  }
  if (res.status === 403) {
    return new HttpError(
      'permanent',
      `YouTube forbids this request (${detail}); enable "YouTube Data API v3" for the key's project and check the key's API and referrer/IP restrictions`,
      {
        ...base,
        reason: 'forbidden',
      },
    );
  }
  if (res.status >= 500) return new HttpError('transient', `YouTube had a temporary problem (${detail})`, base);
  return new HttpError('permanent', `YouTube rejected the request (${detail})`, base);
}
