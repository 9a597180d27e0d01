import type { BlueskySourceConfig } from './platform.js';
import { HttpError } from '../../http/errors.js';
import { parsePayload } from '../../http/client.js';
import { withRetry } from '../../http/retry.js';
import { readJsonCursor } from '../json.js';
import type { Connector, ConnectorDeps, Page, RateLimitState, SourceQuery } from '../types.js';
import { classifyBlueskyError, readBlueskyRateLimit } from './errors.js';
import { normalizeBlueskyPost, sortAt } from './normalize.js';
import { blueskyCursorSchema, postViewSchema, searchPostsSchema, type BlueskyCursor, type BlueskyTagState } from './schema.js';
import { createSessionHolder } from './session.js';

/** Search is eventually consistent: re-read a few minutes before the mark (posts are idempotent). */
export const SINCE_MARGIN_MS = 5 * 60_000;

/**
 * app.bsky.feed.searchPosts, one walk per hashtag (`tag[]` is AND-matched, so tags cannot be
 * OR-ed in one query). Pages come newest-first, so each tag's cursor keeps the committed
 * high-water mark (a sortAt) apart from the walk in progress: every page stores where the walk
 * resumes (`until`), and only the walk's last page moves the mark. A crash or a spent page
 * budget resumes the walk instead of skipping what it had not reached.
 */
export function createBlueskyConnector(source: BlueskySourceConfig, deps: ConnectorDeps): Connector {
  const base = source.service.replace(/\/+$/, '');
  const session = createSessionHolder(source, deps);

  const search = async (params: URLSearchParams, signal: AbortSignal) => {
    const url = `${base}/xrpc/app.bsky.feed.searchPosts?${params.toString()}`;
    const once = () =>
      withRetry(
        async () =>
          deps.http.json(url, {
            headers: { authorization: `Bearer ${await session.accessJwt(signal)}` },
            signal,
            classify: (r) => classifyBlueskyError(r, deps.now(), 'search'),
          }),
        { signal, sleep: deps.sleep },
      );
    let res;
    try {
      res = await once();
    } catch (err) {
      if (!(err instanceof HttpError && err.reason === 'expired_token')) throw err;
      await session.renew(signal);
      res = await once();
    }
    return { body: parsePayload(searchPostsSchema, res.body, url), rateLimit: readBlueskyRateLimit(res.headers) };
  };

  return {
    platform: 'bluesky',
    normalize: normalizeBlueskyPost,
    async *poll(query: SourceQuery, cursor, signal): AsyncIterable<Page> {
      const state: BlueskyCursor = readJsonCursor(blueskyCursorSchema, cursor) ?? { v: 1, tags: {} };
      let pages = 0;
      for (const tag of query.hashtags) {
        let tagState: BlueskyTagState = state.tags[tag] ?? { mark: null };
        const params = new URLSearchParams({ q: `#${tag}`, sort: 'latest', limit: String(source.limit) });
        params.set('since', (tagState.mark ? new Date(Date.parse(tagState.mark) - SINCE_MARGIN_MS) : query.since).toISOString());
        if (tagState.until) params.set('until', tagState.until);
        while (pages < source.maxPages && !signal.aborted) {
          const { body, rateLimit } = await search(params, signal);
          pages += 1;
          tagState = advance(tagState, body.posts, !body.cursor);
          state.tags[tag] = tagState;
          yield { items: body.posts, cursor: JSON.stringify(state), rateLimit };
          if (spent(rateLimit)) return;
          if (!body.cursor) break;
          params.set('cursor', body.cursor);
        }
      }
    },
  };
}

/** The tag's state after one more page of its walk; `last` when the search has no more pages. */
export function advance(state: BlueskyTagState, items: readonly unknown[], last: boolean): BlueskyTagState {
  const times = items
    .map((item) => postViewSchema.safeParse(item).data)
    .filter((p) => p !== undefined)
    .map((p) => sortAt(p).getTime());
  const top = latest(state.top, times.length > 0 ? new Date(Math.max(...times)).toISOString() : undefined);
  if (last) return { mark: latest(state.mark ?? undefined, top) ?? null };
  // `until` is exclusive: resume 1 ms after the oldest post read so its same-millisecond peers are kept.
  const until = times.length > 0 ? new Date(Math.min(...times) + 1).toISOString() : state.until;
  return { mark: state.mark, ...(top ? { top } : {}), ...(until ? { until } : {}) };
}

function latest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

function spent(rateLimit: RateLimitState | undefined): boolean {
  return rateLimit?.remaining === 0;
}
