import { z } from 'zod';
import { callWorker } from '../admin-client.js';
import { loadEnv } from '../config/env.js';
import type { Context } from '../context.js';
import { snapshotJobs } from '../jobs/index.js';
import { snapshotSchema, type Snapshot } from '../leaderboard/snapshot.js';
import { formatAccountsTable, formatStandingsTable } from '../leaderboard/table.js';
import { openContext, parse, runningWorker } from './context.js';
import { CommandError } from './errors.js';

/** Publishes every challenge's leaderboard now (or one), where the database is. */
export async function publishSnapshots(ctx: Context, challenge?: string): Promise<Snapshot[]> {
  const jobs = snapshotJobs(ctx).filter((job) => !challenge || job.challenge === challenge);
  if (jobs.length === 0) throw new CommandError(challenge ? `campanile: no challenge "${challenge}"` : 'campanile: no campaign has a challenge');
  const snapshots: Snapshot[] = [];
  for (const job of jobs) {
    const snap = await job.run();
    if (snap) snapshots.push(snap);
  }
  return snapshots;
}

export async function snapshot(args: string[]): Promise<number> {
  const { values } = parse(args, { challenge: { type: 'string' } });
  const env = loadEnv();
  const worker = await runningWorker(env);
  let snapshots: Snapshot[];
  if (worker) snapshots = z.array(snapshotSchema).parse(await callWorker(worker, 'POST', '/admin/snapshot', { challenge: values.challenge }));
  else {
    const ctx = await openContext(env, values.config, 'snapshot');
    try {
      snapshots = await publishSnapshots(ctx, values.challenge);
    } finally {
      await ctx.close();
    }
  }
  for (const snap of snapshots) {
    process.stdout.write(`${formatStandingsTable(snap)}\n`);
    const reach = formatAccountsTable(snap);
    if (reach) process.stdout.write(`\n${reach}\n`);
  }
  return 0;
}
