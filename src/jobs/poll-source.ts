import { analyzePost, type CampaignAnalyzer } from '../analysis/analyze.js';
import type { AnalysisPool } from '../analysis/pool.js';
import type { Campaign, SourceConfig } from '../config/campaigns.js';
import { storablePost } from '../connectors/storable.js';
import type { Connector, SourceQuery } from '../connectors/types.js';
import { getSourceState, markSourceFailure, markSourceSuccess, type SourceState } from '../db/cursors.js';
import type { Db, Tx } from '../db/client.js';
import type { QuarantinedItem } from '../db/ingest.js';
import type { Match, NormalizedPost } from '../domain/types.js';
import { HttpError } from '../http/errors.js';
import { challengeWindow } from '../leaderboard/window.js';
import { scrubSecrets, type Logger } from '../log.js';
import { errorReason } from '../error-reason.js';
import { createBatchWriter, type PreparedPage } from './page-batches.js';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { Metrics } from '../metrics.js';

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
  /** Credentials to scrub from error texts before they are stored (a server may echo them). */
  secrets?: Iterable<string>;
  /** Where polls, posts, quarantined items, limit waits and batch latency are counted; absent: not counted. */
  metrics?: Pick<Metrics, 'pollCompleted' | 'postsIngested' | 'itemsQuarantined' | 'rateLimitWait' | 'startIngestBatch'>;
  /**
   * Analysis threads (analysis/pool.ts): a page is analysed there while the next one is fetched
   * and parsed; absent, pages are analysed on this thread, in turn.
   */
  analysis?: AnalysisPool;
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
  /** Posts that newly matched the campaign. */
  matched: number;
  error?: string;
}

const PROGRESS_EVERY_PAGES = 10;
/** Pages being analysed on the pool while the walk goes on (their order is kept). */
const ANALYSED_AHEAD = 2;

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
  const outcome = await pollPages(target, deps, signal);
  deps.metrics?.pollCompleted(target.key, outcome.status);
  return outcome;
}

async function pollPages(target: PollTarget, deps: PollDeps, signal: AbortSignal): Promise<PollOutcome> {
  const metrics = deps.metrics;
  const started = deps.now();
  const log = deps.log.child({ source: target.key });
  const state = await getSourceState(deps.db, target.key);
  const outcome: PollOutcome = { status: 'ok', pages: 0, fetched: 0, inserted: 0, updated: 0, quarantined: 0, matched: 0 };

  if (state?.pausedUntil && state.pausedUntil > started) {
    log.info({ pausedUntil: state.pausedUntil.toISOString() }, 'poll skipped: source paused');
    return { ...outcome, status: 'paused' };
  }

  let pausedUntil: Date | null = null;
  // Pages are written in batches, one being written while the next are fetched (page-batches.ts).
  const writer = createBatchWriter({
    db: deps.db,
    counting: { [target.analyzer.campaignId]: target.analyzer.counting },
    afterWrite: deps.afterWrite && ((tx, written) => deps.afterWrite!(tx, { target, newMatches: written.newMatches, pollStartedAt: started })),
    time: metrics && (() => metrics.startIngestBatch(target.key)),
    onWritten(result, pages) {
      metrics?.postsIngested(target.key, result.inserted, result.updated);
      metrics?.itemsQuarantined(target.key, result.quarantined);
      outcome.pages += pages;
      outcome.inserted += result.inserted;
      outcome.updated += result.updated;
      outcome.quarantined += result.quarantined;
      outcome.matched += result.newMatches.length;
      if (result.rejected.length > 0)
        log.warn({ rejected: result.rejected.length, reason: result.rejected[0]?.reason }, 'rows refused by the database: quarantined');
      // A long walk (a backfill, a viral hashtag) says how far it got.
      if (Math.floor(outcome.pages / PROGRESS_EVERY_PAGES) > Math.floor((outcome.pages - pages) / PROGRESS_EVERY_PAGES)) {
        log.info({ pages: outcome.pages, inserted: outcome.inserted, fetched: outcome.fetched }, 'poll progress');
      }
    },
  });
  try {
    const pages = target.connector.poll(sourceQuery(target.campaign, started), state?.cursor ?? null, signal);
    let walkError: { error: unknown } | null = null;
    // Pages fetched and being analysed, oldest first; each is handed to the writer in order.
    const analysing: Promise<PreparedPage>[] = [];
    const ahead = deps.analysis ? ANALYSED_AHEAD : 0;
    const handOver = async (keep: number) => {
      while (analysing.length > keep) await writer.add(await (analysing.shift() as Promise<PreparedPage>));
    };
    try {
      for await (const page of pages) {
        const { posts, quarantined } = normalizeItems(target.connector, page.items);
        outcome.fetched += page.items.length;
        const prepared = analyzePage(target, posts, deps.analysis).then(
          (matches): PreparedPage => ({
            sourceKey: target.key,
            platform: target.source.platform,
            posts,
            matches,
            quarantined,
            cursor: page.cursor ?? undefined,
            budget: page.rateLimit,
          }),
        );
        // Awaited in turn by handOver; a failure is reported from there, not as unhandled.
        prepared.catch(() => {});
        analysing.push(prepared);
        await handOver(ahead);
        if (quarantined.length > 0) log.warn({ quarantined: quarantined.length, reason: quarantined[0]?.reason }, 'items quarantined');
        if (page.rateLimit?.remaining === 0 && page.rateLimit.resetAt) {
          pausedUntil = new Date(page.rateLimit.resetAt);
          metrics?.rateLimitWait(target.key, 'budget');
          log.warn({ resetAt: page.rateLimit.resetAt }, 'rate limit spent: source paused until reset');
        }
        if (signal.aborted) break;
        // Pages already in memory (a buffered response, a replay) would keep the event loop busy
        // until the walk ends; giving it a turn lets the batch being written get its replies.
        await yieldToEventLoop();
      }
    } catch (error) {
      walkError = { error };
    }
    try {
      await handOver(0);
    } catch (error) {
      walkError ??= { error };
    }
    // Whatever stopped the walk, the pages already fetched are stored before it is reported.
    try {
      await writer.drain();
    } catch (error) {
      walkError ??= { error };
    }
    if (walkError) throw walkError.error;
    await markSourceSuccess(deps.db, target.key, deps.now(), pausedUntil);
    warnIfSilent(log, state, outcome, target.source.warnAfterSilence, started);
  } catch (err) {
    if (signal.aborted) return { ...outcome, status: 'aborted' };
    const failures = (state?.consecutiveFailures ?? 0) + 1;
    pausedUntil = pauseAfterFailure(err, failures, deps.now());
    if (err instanceof HttpError && err.retryAfterMs !== undefined) metrics?.rateLimitWait(target.key, 'retry-after');
    const message = scrubSecrets(errorReason(err), deps.secrets ?? []);
    await markSourceFailure(deps.db, target.key, deps.now(), message, pausedUntil);
    const fields = { err, failures, pausedUntil: pausedUntil?.toISOString(), kind: err instanceof HttpError ? err.kind : 'internal' };
    if (err instanceof HttpError && err.kind === 'permanent') log.error(fields, 'poll failed: source needs attention');
    else log.warn(fields, 'poll failed: will retry');
    outcome.status = 'failed';
    outcome.error = message;
    // The failure line above is the poll's one line: no "poll complete" of zeros after it.
    return outcome;
  }
  log.info(
    {
      pages: outcome.pages,
      fetched: outcome.fetched,
      inserted: outcome.inserted,
      updated: outcome.updated,
      quarantined: outcome.quarantined,
      matched: outcome.matched,
      durationMs: deps.now().getTime() - started.getTime(),
    },
    'poll complete',
  );
  return outcome;
}

/** A page's matches with the campaign: on the analysis threads when there are, else here. */
async function analyzePage(target: PollTarget, posts: NormalizedPost[], pool: AnalysisPool | undefined): Promise<Match[]> {
  const analysed = pool ? await pool.analyze(target.campaign, posts) : posts.map((p) => analyzePost(p, target.analyzer));
  return analysed.filter((m): m is Match => m !== null);
}

/** Silent collection stops are the most common complaint: say so when a source brings nothing for long. */
function warnIfSilent(log: Logger, state: SourceState | undefined, outcome: PollOutcome, thresholdMs: number, now: Date) {
  if (outcome.inserted > 0) return;
  const since = state?.lastNewPostAt ?? state?.lastSuccessAt ?? null;
  if (!since) return;
  const silentForMs = now.getTime() - since.getTime();
  if (silentForMs > thresholdMs) {
    log.warn({ silentForMs, lastNewPostAt: state?.lastNewPostAt?.toISOString() ?? null, thresholdMs }, 'source silent: no new post for longer than expected');
  }
}

export function normalizeItems(connector: Connector, items: readonly unknown[]) {
  const posts: NormalizedPost[] = [];
  const quarantined: QuarantinedItem[] = [];
  for (const item of items) {
    const normalized = connector.normalize(item);
    const result = normalized.kind === 'post' ? storablePost(normalized.post) : normalized;
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
