import type { RedditSourceConfig } from './platform.js';
import { HttpError } from '../../http/errors.js';
import { parsePayload } from '../../http/client.js';
import { withRetry } from '../../http/retry.js';
import { readJsonCursor } from '../json.js';
import type { Connector, ConnectorDeps, Page, SourceQuery } from '../types.js';
import { classifyRedditError, readRedditRateLimit } from './errors.js';
import { createdUtcOf, normalizeRedditThing } from './normalize.js';
import { redditCursorSchema, redditListingSchema, redditTokenSchema, type RedditCursor } from './schema.js';

/** Search results are cached and eventually consistent: re-read this far behind the mark. */
export const MARK_MARGIN_S = 10 * 60;

/**
 * Search with sort=new, paged by `after` (newest-first). The cursor keeps the committed mark
 * (newest created_utc of a finished walk) apart from the walk in progress (its newest time and
 * the fullname it resumes after); a walk ends at the end of the listing or at the first post
 * older than the mark minus a margin. App-only OAuth: one token per source, renewed on expiry.
 */
export function createRedditConnector(source: RedditSourceConfig, deps: ConnectorDeps): Connector {
  const authBase = source.authBase.replace(/\/+$/, '');
  const apiBase = source.apiBase.replace(/\/+$/, '');
  const path = source.subreddits.length > 0 ? `/r/${source.subreddits.join('+')}/search` : '/search';
  let token: { value: string; expiresAt: number } | null = null;

  const accessToken = async (signal: AbortSignal): Promise<string> => {
    if (token && token.expiresAt > deps.now().getTime() + 60_000) return token.value;
    const url = `${authBase}/api/v1/access_token`;
    const basic = Buffer.from(`${source.clientId}:${source.clientSecret}`).toString('base64');
    const res = await withRetry(
      () =>
        deps.http.json(url, {
          method: 'POST',
          headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded', 'user-agent': source.userAgent },
          body: 'grant_type=client_credentials',
          signal,
          classify: (r) => classifyRedditError(r, deps.now(), 'token'),
        }),
      { signal, sleep: deps.sleep },
    );
    const body = parsePayload(redditTokenSchema, res.body, url);
    token = { value: body.access_token, expiresAt: deps.now().getTime() + body.expires_in * 1000 };
    return token.value;
  };

  const search = async (params: URLSearchParams, signal: AbortSignal) => {
    const url = `${apiBase}${path}?${params.toString()}`;
    const once = () =>
      withRetry(
        async () =>
          deps.http.json(url, {
            headers: { authorization: `Bearer ${await accessToken(signal)}`, 'user-agent': source.userAgent },
            signal,
            classify: (r) => classifyRedditError(r, deps.now(), 'search'),
          }),
        { signal, sleep: deps.sleep },
      );
    let res;
    try {
      res = await once();
    } catch (err) {
      // A token revoked before its expiry: fetch a new one, once.
      if (!(err instanceof HttpError && err.reason === 'unauthorized' && token)) throw err;
      token = null;
      res = await once();
    }
    return { body: parsePayload(redditListingSchema, res.body, url), rateLimit: readRedditRateLimit(res.headers, deps.now()) };
  };

  return {
    platform: 'reddit',
    normalize: normalizeRedditThing,
    async *poll(query: SourceQuery, cursor, signal): AsyncIterable<Page> {
      if (query.hashtags.length === 0) return;
      let state: RedditCursor = readJsonCursor(redditCursorSchema, cursor) ?? { v: 1, mark: null };
      const floor = state.mark !== null ? state.mark - MARK_MARGIN_S : query.since.getTime() / 1000;
      const params = new URLSearchParams({
        q: query.hashtags.join(' OR '),
        sort: 'new',
        t: 'all',
        type: 'link',
        limit: String(source.limit),
        raw_json: '1',
      });
      if (source.subreddits.length > 0) params.set('restrict_sr', 'on');
      if (state.after) params.set('after', state.after);

      for (let page = 0; page < source.maxPages && !signal.aborted; page++) {
        const { body, rateLimit } = await search(params, signal);
        const children = body.data.children;
        const times = children.map(createdUtcOf).filter((t): t is number => t !== undefined);
        const fresh = children.filter((c) => (createdUtcOf(c) ?? floor) >= floor);
        const last = !body.data.after || fresh.length < children.length;
        const top = newest(state.top ?? null, times);
        state = last
          ? { v: 1, mark: newest(state.mark, top === null ? [] : [top]) }
          : { v: 1, mark: state.mark, ...(top === null ? {} : { top }), after: body.data.after as string };
        yield { items: fresh, cursor: JSON.stringify(state), rateLimit };
        if (last || rateLimit?.remaining === 0) return;
        params.set('after', body.data.after as string);
      }
    },
  };
}

function newest(current: number | null, times: readonly number[]): number | null {
  return times.reduce<number | null>((best, t) => (best === null || t > best ? t : best), current);
}
