import type { InstagramSourceConfig } from './platform.js';
import { parsePayload } from '../../http/client.js';
import { graphPageSchema, readMetaUsage, type GraphPage } from '../meta/graph.js';
import { createGraphClient } from '../meta/client.js';
import { writeJsonCursor } from '../json.js';
import type { Connector, ConnectorDeps, Page, RateLimitState, SourceQuery } from '../types.js';
import { canQuery, hashtagBudget, readIgCursor, type IgCursor } from './budget.js';
import { normalizeInstagramMedia } from './normalize.js';
import { IG_MEDIA_FIELDS, igHashtagListSchema } from './schema.js';

/** When every slot is held by tags other tools searched, look again this much later. */
const BUDGET_RECHECK_MS = 24 * 3_600_000;

/**
 * Instagram Graph hashtag search. `recent_media` returns only the last 24 hours, unordered, with
 * an `after` cursor that may repeat: there is no position to resume from, so every poll walks
 * each tag's recent media (follow `paging.next` verbatim, up to maxPages) and upserts by id.
 * The cursor keeps the hashtag ids and the 7-day hashtag budget; it can never skip a post.
 * Poll at least every few hours or media older than 24 h are lost for good.
 */
export function createInstagramConnector(source: InstagramSourceConfig, deps: ConnectorDeps): Connector {
  const log = deps.log.child({ platform: 'instagram' });
  const { root: graph, get } = createGraphClient(source, deps, {
    product: 'Instagram',
    tokenHint:
      'generate a new long-lived user access token for a Facebook user with a task on the Page linked to the Instagram professional account, and set accessToken',
    permissionHint:
      'the app needs instagram_basic and the Instagram Public Content Access feature (App Review), and userId must be that Instagram professional account',
  });

  async function namesOf(path: string, signal: AbortSignal) {
    const url = `${graph}/${path}`;
    const res = await get(url, signal);
    return parsePayload(igHashtagListSchema, res.body, url).data;
  }

  return {
    platform: 'instagram',
    normalize: normalizeInstagramMedia,
    async *poll(query: SourceQuery, cursor, signal): AsyncIterable<Page> {
      if (query.hashtags.length === 0) return;
      const now = deps.now();
      const state: IgCursor = readIgCursor(cursor);
      let accountTags: string[] | null = null;
      const ready: Array<{ tag: string; id: string }> = [];
      const skipped: string[] = [];

      for (const tag of query.hashtags) {
        if (!canQuery(state, tag, accountTags, source.hashtagBudget, now)) {
          // Only ask Meta what the account spent when our own record says we are short.
          accountTags ??= (await namesOf(`${source.userId}/recently_searched_hashtags?limit=30`, signal))
            .map((t) => t.name?.toLowerCase())
            .filter((n): n is string => Boolean(n));
        }
        if (!canQuery(state, tag, accountTags, source.hashtagBudget, now)) {
          skipped.push(tag);
          continue;
        }
        let id = state.tags[tag]?.id ?? null;
        if (id === null) {
          const q = new URLSearchParams({ user_id: source.userId, q: tag });
          id = (await namesOf(`ig_hashtag_search?${q}`, signal))[0]?.id ?? null;
          if (id === null) log.warn({ hashtag: tag }, 'instagram hashtag not found: nobody has used it yet');
        }
        state.tags[tag] = { id, usedAt: now.toISOString() };
        if (id !== null) ready.push({ tag, id });
      }

      const budget = hashtagBudget(state, accountTags ?? [], source.hashtagBudget, now);
      const budgets = { hashtags: budget };
      log.info({ hashtagsUsed: budget.used, hashtagLimit: budget.limit, resetAt: budget.resetAt }, 'instagram hashtag budget');
      if (skipped.length > 0) {
        const resetAt = budget.resetAt ?? new Date(now.getTime() + BUDGET_RECHECK_MS).toISOString();
        log.warn(
          { skipped, hashtagsUsed: budget.used, hashtagLimit: budget.limit, resetAt },
          'instagram hashtag budget spent: hashtags skipped until a slot frees',
        );
        if (ready.length === 0) {
          yield { items: [], cursor: writeJsonCursor(state), rateLimit: { remaining: 0, resetAt, budgets } };
          return;
        }
      }
      if (ready.length === 0) {
        yield { items: [], cursor: writeJsonCursor(state), rateLimit: { budgets } };
        return;
      }

      for (const { tag, id } of ready) {
        const first = new URL(`${graph}/${id}/recent_media`);
        first.search = new URLSearchParams({ user_id: source.userId, fields: IG_MEDIA_FIELDS, limit: String(source.limit) }).toString();
        let url: string | undefined = first.toString();
        for (let page = 0; url && page < source.maxPages; page++) {
          const res = await get(url, signal);
          const body: GraphPage = parsePayload(graphPageSchema, res.body, url);
          const rateLimit: RateLimitState = { ...readMetaUsage(res.headers, deps.now()), budgets };
          yield { items: body.data, cursor: writeJsonCursor(state), rateLimit };
          if (rateLimit.remaining === 0) {
            log.warn({ hashtag: tag, resetAt: rateLimit.resetAt }, 'instagram usage at 100%: walk stopped until reset');
            return;
          }
          url = body.paging?.next;
        }
        if (url) log.warn({ hashtag: tag, maxPages: source.maxPages }, 'instagram walk truncated at maxPages: poll more often');
      }
    },
  };
}
