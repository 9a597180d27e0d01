import { analyzePost, type CampaignAnalyzer } from '../analysis/analyze.js';
import type { Campaign, SourceConfig } from '../config/campaigns.js';
import type { Connector, SourceQuery } from '../connectors/types.js';
import { getSourceState, markSourceFailure, markSourceSuccess } from '../db/cursors.js';
import type { Db, Tx } from '../db/client.js';
import { ingestPage, type QuarantinedItem } from '../db/ingest.js';
import type { Match, NormalizedPost } from '../domain/types.js';
import { HttpError } from '../http/errors.js';
import { challengeWindow } from '../leaderboard/window.js';
import type { Logger } from '../log.js';

export interface PollTarget {
  key: string;
  campaign: Campaign;
  analyzer: CampaignAnalyzer;
  source: SourceConfig;
  connector: Connector;
}

export interface PollDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  /** Called in each page's ingest transaction (spike detection), with when this poll started. */
  afterWrite?: (tx: Tx, page: { target: PollTarget; newMatches: Match[]; pollStartedAt: Date }) => Promise<void>;
}

export interface PollOutcome {
  status: 'ok' | 'paused' | 'failed' | 'aborted';
  pages: number;
  fetched: number;
  inserted: number;
  updated: number;
  quarantined: number;
  newMatches: Match[];
  error?: string;
}

/** How far back a source with no cursor and no challenge starts. */
export const DEFAULT_BACKFILL_MS = 24 * 3_600_000;
const MAX_FAILURE_BACKOFF_MS = 3_600_000;

export function sourceQuery(campaign: Campaign, now: Date): SourceQuery {
  const backfillStart = new Date(now.getTime() - DEFAULT_BACKFILL_MS);
  const since = campaign.challenge ? challengeWindow(campaign.challenge).start : backfillStart;
  return {
    campaignId: campaign.id,
    hashtags: campaign.hashtags.map((h) => h.slice(1).toLowerCase()),
    since: since < now ? since : backfillStart,
  };
}

/**
 * One poll of one source: walks the connector's pages from the stored cursor and stores each
 * page in one transaction. Stops early when the platform says the budget is spent, pausing
 * only this source; an error leaves the cursor at the last stored page.
 */
export async function pollSource(target: PollTarget, deps: PollDeps, signal: AbortSignal): Promise<PollOutcome> {
  const started = deps.now();
  const log = deps.log.child({ source: target.key });
  const state = await getSourceState(deps.db, target.key);
  const outcome: PollOutcome = { status: 'ok', pages: 0, fetched: 0, inserted: 0, updated: 0, quarantined: 0, newMatches: [] };

  if (state?.pausedUntil && state.pausedUntil > started) {
    log.info({ pausedUntil: state.pausedUntil.toISOString() }, 'poll skipped: source paused');
    return { ...outcome, status: 'paused' };
  }

  let pausedUntil: Date | null = null;
  try {
    const pages = target.connector.poll(sourceQuery(target.campaign, started), state?.cursor ?? null, signal);
    for await (const page of pages) {
      const { posts, quarantined } = normalizeItems(target.connector, page.items);
      const matches = posts.map((p) => analyzePost(p, target.analyzer)).filter((m): m is Match => m !== null);
      const result = await ingestPage(deps.db, {
        sourceKey: target.key,
        platform: target.source.platform,
        posts,
        matches,
        quarantined,
        cursor: page.cursor ?? undefined,
        budget: page.rateLimit,
        afterWrite: deps.afterWrite && ((tx, written) => deps.afterWrite!(tx, { target, newMatches: written.newMatches, pollStartedAt: started })),
      });
      outcome.pages += 1;
      outcome.fetched += page.items.length;
      outcome.inserted += result.inserted;
      outcome.updated += result.updated;
      outcome.quarantined += result.quarantined;
      outcome.newMatches.push(...result.newMatches);
      if (quarantined.length > 0) log.warn({ quarantined: quarantined.length, reason: quarantined[0]?.reason }, 'items quarantined');
      if (page.rateLimit?.remaining === 0 && page.rateLimit.resetAt) {
        pausedUntil = new Date(page.rateLimit.resetAt);
        log.warn({ resetAt: page.rateLimit.resetAt }, 'rate limit spent: source paused until reset');
      }
      if (signal.aborted) break;
    }
    await markSourceSuccess(deps.db, target.key, deps.now(), pausedUntil);
  } catch (err) {
    if (signal.aborted) return { ...outcome, status: 'aborted' };
    const failures = (state?.consecutiveFailures ?? 0) + 1;
    pausedUntil = pauseAfterFailure(err, failures, deps.now());
    const message = err instanceof Error ? err.message : String(err);
    await markSourceFailure(deps.db, target.key, deps.now(), message, pausedUntil);
    const fields = { err, failures, pausedUntil: pausedUntil?.toISOString(), kind: err instanceof HttpError ? err.kind : 'internal' };
    if (err instanceof HttpError && err.kind === 'permanent') log.error(fields, 'poll failed: source needs attention');
    else log.warn(fields, 'poll failed: will retry');
    outcome.status = 'failed';
    outcome.error = message;
  }
  log.info(
    {
      pages: outcome.pages,
      fetched: outcome.fetched,
      inserted: outcome.inserted,
      updated: outcome.updated,
      quarantined: outcome.quarantined,
      matched: outcome.newMatches.length,
      durationMs: deps.now().getTime() - started.getTime(),
    },
    'poll complete',
  );
  return outcome;
}

export function normalizeItems(connector: Connector, items: readonly unknown[]) {
  const posts: NormalizedPost[] = [];
  const quarantined: QuarantinedItem[] = [];
  for (const item of items) {
    const result = connector.normalize(item);
    if (result.kind === 'post') posts.push(result.post);
    else if (result.kind === 'invalid') quarantined.push({ reason: result.reason, payload: safeStringify(item) });
  }
  return { posts, quarantined };
}

/** A server-given wait wins; otherwise back off exponentially with consecutive failures. */
export function pauseAfterFailure(err: unknown, failures: number, now: Date): Date | null {
  const retryAfter = err instanceof HttpError ? err.retryAfterMs : undefined;
  if (retryAfter !== undefined) return new Date(now.getTime() + retryAfter);
  if (failures < 2) return null;
  return new Date(now.getTime() + Math.min(MAX_FAILURE_BACKOFF_MS, 30_000 * 2 ** (failures - 2)));
}

function safeStringify(item: unknown): string {
  try {
    return (JSON.stringify(item) ?? 'undefined').replace(/\\u0000/g, '');
  } catch {
    return String(item);
  }
}
