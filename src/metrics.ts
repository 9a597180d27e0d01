import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * What the jobs record, as plain calls: jobs receive a Metrics object through their deps and
 * never import prom-client. Counters and the histogram count what THIS process did; the
 * gauges read shared state from the database at scrape time, so every replica reports the
 * same budgets and snapshot ages whichever one polled or published.
 */
export interface Metrics {
  registry: Registry;
  pollCompleted(source: string, outcome: 'ok' | 'paused' | 'failed' | 'aborted'): void;
  postsIngested(source: string, inserted: number, updated: number): void;
  itemsQuarantined(source: string, count: number): void;
  /** The source stopped for a platform limit: `budget` (quota spent) or `retry-after` (429/503). */
  rateLimitWait(source: string, reason: 'budget' | 'retry-after'): void;
  /** Starts timing one page's ingest transaction; call the result when it is committed. */
  startIngestBatch(source: string): () => void;
  alertDispatched(outcome: 'sent' | 'failed'): void;
  snapshotPublished(challenge: string): void;
}

/** Shared state the gauges read on each scrape. */
export interface MetricsState {
  /** `budgets`: what is left per budget name; `requests` is the platform's rate-limit window. */
  sources(): Promise<Array<{ sourceKey: string; budgets: Record<string, number>; consecutiveFailures: number }>>;
  snapshots(): Promise<Array<{ challengeId: string; generatedAt: Date }>>;
}

export interface MetricsOptions {
  now: () => Date;
  state?: MetricsState;
  /** Process metrics (CPU, memory, event loop lag); off in tests to keep output small. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions): Metrics {
  const registry = new Registry();
  if (options.processMetrics) collectDefaultMetrics({ register: registry, prefix: 'campanile_' });
  const registers = [registry];

  const polls = new Counter({
    name: 'campanile_polls_total',
    help: 'Poll runs by source and outcome (ok, paused, failed, aborted).',
    labelNames: ['source', 'outcome'] as const,
    registers,
  });
  const posts = new Counter({
    name: 'campanile_posts_ingested_total',
    help: 'Posts stored by source: kind="new" first seen, kind="reseen" engagement refreshed.',
    labelNames: ['source', 'kind'] as const,
    registers,
  });
  const quarantined = new Counter({
    name: 'campanile_items_quarantined_total',
    help: 'Platform items that failed validation and were quarantined, by source.',
    labelNames: ['source'] as const,
    registers,
  });
  const waits = new Counter({
    name: 'campanile_rate_limit_waits_total',
    help: 'Times a source was paused for a platform limit, by reason (budget, retry-after).',
    labelNames: ['source', 'reason'] as const,
    registers,
  });
  const batch = new Histogram({
    name: 'campanile_ingest_batch_seconds',
    help: 'Duration of one ingest transaction: a batch of pages (posts, matches, rollups, cursor).',
    labelNames: ['source'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const alerts = new Counter({
    name: 'campanile_alerts_total',
    help: 'Alert deliveries by outcome (sent, failed).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const published = new Counter({
    name: 'campanile_snapshots_published_total',
    help: 'Leaderboard snapshots published by this process, by challenge.',
    labelNames: ['challenge'] as const,
    registers,
  });
  const state = options.state;
  new Gauge({
    name: 'campanile_source_budget_remaining',
    help: 'What is left of each platform budget (budget="requests": the rate-limit window), as last reported, by source.',
    labelNames: ['source', 'budget'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of (await state?.sources()) ?? []) {
        for (const [budget, left] of Object.entries(s.budgets)) this.set({ source: s.sourceKey, budget }, left);
      }
    },
  });
  new Gauge({
    name: 'campanile_source_consecutive_failures',
    help: 'Consecutive failed polls, by source (0 when the last poll succeeded).',
    labelNames: ['source'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of (await state?.sources()) ?? []) this.set({ source: s.sourceKey }, s.consecutiveFailures);
    },
  });
  new Gauge({
    name: 'campanile_snapshot_age_seconds',
    help: 'Seconds since the latest leaderboard snapshot of each challenge was generated.',
    labelNames: ['challenge'] as const,
    registers,
    async collect() {
      this.reset();
      const now = options.now().getTime();
      for (const s of (await state?.snapshots()) ?? []) this.set({ challenge: s.challengeId }, Math.max(0, (now - s.generatedAt.getTime()) / 1000));
    },
  });

  return {
    registry,
    pollCompleted: (source, outcome) => polls.inc({ source, outcome }),
    postsIngested(source, inserted, updated) {
      if (inserted > 0) posts.inc({ source, kind: 'new' }, inserted);
      if (updated > 0) posts.inc({ source, kind: 'reseen' }, updated);
    },
    itemsQuarantined(source, count) {
      if (count > 0) quarantined.inc({ source }, count);
    },
    rateLimitWait: (source, reason) => waits.inc({ source, reason }),
    startIngestBatch(source) {
      const end = batch.startTimer({ source });
      return () => {
        end();
      };
    },
    alertDispatched: (outcome) => alerts.inc({ outcome }),
    snapshotPublished: (challenge) => published.inc({ challenge }),
  };
}
