import { z } from 'zod';
import { callWorker } from '../admin-client.js';
import { loadEnv } from '../config/env.js';
import type { Db } from '../db/client.js';
import { listSourceStates } from '../db/cursors.js';
import { budgetsLeft } from '../db/health.js';
import { readConfiguredSources, type ConfiguredSource } from './configured-sources.js';
import { openStore, parse, runningWorker } from './context.js';

const statusRowSchema = z.object({
  source: z.string(),
  schedule: z.string(),
  lastSuccess: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  consecutiveFailures: z.number(),
  pausedUntil: z.string().nullable(),
  posts: z.number(),
  budgetLeft: z.record(z.string(), z.number()),
  budget: z.unknown(),
});
export type StatusRow = z.infer<typeof statusRowSchema>;

/** Each configured source's health, as `status --json` prints it. */
export async function sourceStatus(db: Db, sources: readonly ConfiguredSource[]): Promise<StatusRow[]> {
  const states = new Map((await listSourceStates(db)).map((s) => [s.sourceKey, s]));
  return sources.map((t) => {
    const s = states.get(t.key);
    return {
      source: t.key,
      schedule: t.schedule,
      lastSuccess: s?.lastSuccessAt?.toISOString() ?? null,
      lastError: s?.lastError ?? null,
      lastErrorAt: s?.lastErrorAt?.toISOString() ?? null,
      consecutiveFailures: s?.consecutiveFailures ?? 0,
      pausedUntil: s?.pausedUntil?.toISOString() ?? null,
      posts: s?.postsTotal ?? 0,
      budgetLeft: budgetsLeft(s?.budget),
      budget: s?.budget ?? null,
    };
  });
}

export async function status(args: string[]): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' } });
  const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const worker = await runningWorker(env);
  let rows: StatusRow[];
  if (worker) rows = z.array(statusRowSchema).parse(await callWorker(worker, 'GET', '/admin/status'));
  else {
    // The config is validated on another thread while the database opens on this one.
    const store = await openStore(env, 'status', () => readConfiguredSources(values.config ?? env.CAMPANILE_CONFIG));
    try {
      rows = await sourceStatus(store.database.db, store.config);
    } finally {
      await store.close();
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else process.stdout.write(rows.map(formatStatusRow).join(''));
  return 0;
}

function formatStatusRow(r: StatusRow): string {
  const health = r.consecutiveFailures > 0 ? `FAILING x${r.consecutiveFailures}` : r.lastSuccess ? 'ok' : 'never polled';
  const left = Object.entries(r.budgetLeft).map(([name, n]) => `${name} ${n}`);
  const budget = left.length > 0 ? `  left: ${left.join(', ')}` : '';
  const line = `${r.source}  [${health}]  last success ${r.lastSuccess ?? '-'}  posts ${r.posts}${budget}${r.pausedUntil ? `  paused until ${r.pausedUntil}` : ''}\n`;
  return r.lastError && r.consecutiveFailures > 0 ? `${line}    last error (${r.lastErrorAt}): ${r.lastError}\n` : line;
}
