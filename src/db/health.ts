import { sql } from 'drizzle-orm';
import type { MetricsState } from '../metrics.js';
import type { Executor } from './client.js';
import { listSourceStates } from './cursors.js';
import { latestSnapshotTimes } from './snapshots.js';

/** Resolves when the database answers a trivial query. */
export async function pingDatabase(db: Executor): Promise<void> {
  await db.execute(sql`select 1`);
}

/**
 * A stored budget (the connector's RateLimitState) → what is left per budget name:
 * `requests` for the rate-limit window, plus each named budget as limit − used.
 */
export function budgetsLeft(budget: unknown): Record<string, number> {
  const left: Record<string, number> = {};
  if (!budget || typeof budget !== 'object') return left;
  const b = budget as { remaining?: unknown; budgets?: unknown };
  if (typeof b.remaining === 'number' && Number.isFinite(b.remaining)) left.requests = b.remaining;
  if (b.budgets && typeof b.budgets === 'object') {
    for (const [name, value] of Object.entries(b.budgets as Record<string, unknown>)) {
      const v = value as { used?: unknown; limit?: unknown } | null;
      if (v && typeof v.used === 'number' && typeof v.limit === 'number') left[name] = Math.max(0, v.limit - v.used);
    }
  }
  return left;
}

/** The gauges' view of shared state: source rows and snapshot times, read at scrape time. */
export function databaseMetricsState(db: Executor): MetricsState {
  return {
    async sources() {
      return (await listSourceStates(db)).map((s) => ({
        sourceKey: s.sourceKey,
        budgets: budgetsLeft(s.budget),
        consecutiveFailures: s.consecutiveFailures,
      }));
    },
    snapshots: () => latestSnapshotTimes(db),
  };
}
