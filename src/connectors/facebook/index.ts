import { z } from 'zod';
import type { FacebookSourceConfig } from './platform.js';
import { parsePayload } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { readJsonCursor, writeJsonCursor } from '../json.js';
import { graphPageSchema, readMetaUsage, stripGraphCredentials } from '../meta/graph.js';
import { createGraphClient } from '../meta/client.js';
import type { Connector, ConnectorDeps, Cursor, Page, RateLimitState, SourceQuery } from '../types.js';
import { normalizeFacebookPost } from './normalize.js';
import { FB_POST_FIELDS } from './schema.js';

/**
 * `since`: the committed high-water mark (unix seconds of the newest post stored).
 * `walk`: a walk in progress — pages come newest-first, so the mark only moves once the walk
 * reaches it; until then the cursor holds where to go on (`next`, token stripped) and the
 * newest time seen (`top`). A crash mid-walk resumes at `next`; nothing is skipped.
 */
const fbCursorSchema = z.object({
  v: z.literal(1),
  since: z.number().int(),
  walk: z.object({ next: z.url(), top: z.number().int() }).optional(),
});
type FbCursor = z.infer<typeof fbCursorSchema>;

const unixOf = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Facebook Page posts: one page's `posts` (or `feed`) edge since the last stored post. */
export function createFacebookConnector(source: FacebookSourceConfig, deps: ConnectorDeps): Connector {
  const log = deps.log.child({ platform: 'facebook', pageId: source.pageId });
  const { root: graph, get } = createGraphClient(source, deps, {
    product: 'Facebook',
    tokenHint: 'generate a new Page access token (pages_read_engagement) for this page and set accessToken',
    permissionHint:
      'a page you do not manage needs the Page Public Content Access feature; your own page needs a Page token with pages_read_engagement (set appSecret if the app requires appsecret_proof)',
  });

  const firstUrl = (since: number) => {
    const url = new URL(`${graph}/${encodeURIComponent(source.pageId)}/${source.edge}`);
    url.search = new URLSearchParams({ fields: FB_POST_FIELDS, limit: String(source.limit), since: String(since) }).toString();
    return url.toString();
  };

  return {
    platform: 'facebook',
    normalize: normalizeFacebookPost,
    async *poll(query: SourceQuery, cursor, signal): AsyncIterable<Page> {
      const stored = readJsonCursor(fbCursorSchema, cursor);
      const since = stored?.since ?? Math.floor(query.since.getTime() / 1000);
      let top = stored?.walk?.top ?? since;
      let url = stored?.walk?.next ?? firstUrl(since);
      let resuming = stored?.walk !== undefined;
      const save = (state: FbCursor): Cursor => writeJsonCursor(state);

      for (let page = 0; page < source.maxPages; page++) {
        let res;
        try {
          res = await get(url, signal);
        } catch (err) {
          // A stale paging token must not wedge the source: start the walk again from the mark.
          if (!resuming || !(err instanceof HttpError) || err.kind !== 'permanent' || err.reason === 'unauthorized' || err.reason === 'forbidden') throw err;
          log.warn({ err }, 'facebook walk could not resume: restarting from the stored mark');
          resuming = false;
          top = since;
          url = firstUrl(since);
          res = await get(url, signal);
        }
        resuming = false;
        const body = parsePayload(graphPageSchema, res.body, url);
        const times = body.data.map(createdUnix).filter((t): t is number => t !== null);
        top = Math.max(top, ...times);
        const rateLimit: RateLimitState | undefined = readMetaUsage(res.headers, deps.now());
        const next = body.paging?.next;
        // The walk is complete when there is no older page, or this page reached the old mark.
        const reachedMark = body.data.length === 0 || times.some((t) => t < since);
        if (!next || reachedMark) {
          yield { items: body.data, cursor: save({ v: 1, since: top }), rateLimit };
          return;
        }
        url = stripGraphCredentials(next);
        yield { items: body.data, cursor: save({ v: 1, since, walk: { next: url, top } }), rateLimit };
        if (rateLimit?.remaining === 0) {
          log.warn({ resetAt: rateLimit.resetAt }, 'facebook usage at 100%: walk stopped until reset');
          return;
        }
      }
      log.warn({ maxPages: source.maxPages }, 'facebook walk truncated at maxPages: the next poll goes on from there');
    },
  };
}

function createdUnix(item: unknown): number | null {
  const t = (item as { created_time?: unknown } | null)?.created_time;
  if (typeof t !== 'string') return null;
  const s = unixOf(t);
  return Number.isNaN(s) ? null : s;
}
