import { z } from 'zod';
import { callWorker } from '../admin-client.js';
import { loadEnv } from '../config/env.js';
import type { Context } from '../context.js';
import { challengeId, publishLeaderboard } from '../jobs/publish-leaderboard.js';
import { snapshotSchema, type Snapshot } from '../leaderboard/snapshot.js';
import { formatAccountsTable, formatStandingsTable } from '../leaderboard/table.js';
import { openContext, parse, runningWorker } from './context.js';
import { CommandError } from './errors.js';

/** Publishes every challenge's leaderboard now (or one), where the database is. */
export async function publishSnapshots(ctx: Pick<Context, 'config' | 'database' | 'log' | 'now' | 'http' | 'env'>, challenge?: string): Promise<Snapshot[]> {
  const campaigns = ctx.config.config.campaigns.filter((c) => c.challenge && (!challenge || challengeId({ ...c, challenge: c.challenge }) === challenge));
  if (campaigns.length === 0) throw new CommandError(challenge ? `campanile: no challenge "${challenge}"` : 'campanile: no campaign has a challenge');
  const snapshots: Snapshot[] = [];
  for (const campaign of campaigns) {
    const snap = await publishLeaderboard(campaign, {
      db: ctx.database.db,
      log: ctx.log.child({ subsystem: 'leaderboard' }),
      now: ctx.now,
      outDir: ctx.env.CAMPANILE_OUT_DIR,
      http: ctx.http,
    });
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
