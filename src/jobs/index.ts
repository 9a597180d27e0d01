import { accountsConfig, createProfileFetchers, hasAccounts } from '../accounts/index.js';
import { watchPage } from '../alerts/watch.js';
import { prepareCampaign } from '../analysis/analyze.js';
import type { Campaign } from '../config/campaigns.js';
import { createConnector, sourceKey } from '../connectors/index.js';
import type { Context } from '../context.js';
import type { Snapshot } from '../leaderboard/snapshot.js';
import type { Job } from '../scheduler.js';
import { dispatchAlerts } from './dispatch-alerts.js';
import { maintainPartitions } from './maintain-partitions.js';
import { pollSource, type PollDeps, type PollOutcome, type PollTarget } from './poll-source.js';
import { challengeId, publishLeaderboard } from './publish-leaderboard.js';
import { recordAccounts } from './record-accounts.js';

/**
 * Every job, with its dependencies built here and only here: the scheduler (`scheduledJobs`) and
 * the CLI (`poll --once`, `snapshot`, the worker's admin snapshot) run the same jobs.
 */

/** Every source of every campaign, ready to poll. */
export function pollTargets(ctx: Context): PollTarget[] {
  const deps = { http: ctx.http, log: ctx.log.child({ subsystem: 'connector' }), now: ctx.now, sleep: ctx.sleep };
  return ctx.config.config.campaigns.flatMap((campaign) => {
    const analyzer = prepareCampaign(campaign);
    return campaign.sources.map((source, index) => ({
      key: sourceKey(campaign.id, source, index),
      campaign,
      analyzer,
      source,
      connector: createConnector(source, deps),
    }));
  });
}

export const DISPATCH_SCHEDULE = '* * * * *';

/** Spike detection for campaigns with an `alerts` block, run inside each page's ingest transaction. */
export function alertHook(ctx: Context): PollDeps['afterWrite'] {
  const log = ctx.log.child({ subsystem: 'alerts' });
  const sourceKeys = new Map(ctx.config.config.campaigns.map((c) => [c.id, c.sources.map((s, i) => sourceKey(c.id, s, i))] as const));
  return async (tx, { target, newMatches, pollStartedAt }) => {
    const campaign = target.campaign;
    if (!campaign.alerts) return;
    await watchPage(tx, {
      campaign: { ...campaign, alerts: campaign.alerts },
      sourceKeys: sourceKeys.get(campaign.id) ?? [target.key],
      sourceKey: target.key,
      newMatches,
      pollStartedAt,
      now: ctx.now(),
      log,
    });
  };
}

export interface PollJob extends Job {
  target: PollTarget;
  run(signal: AbortSignal): Promise<PollOutcome>;
}

/** One job per source: poll, analyze, ingest, watch for spikes. */
export function pollJobs(ctx: Context): PollJob[] {
  const deps: PollDeps = {
    db: ctx.database.db,
    log: ctx.log.child({ subsystem: 'poll' }),
    now: ctx.now,
    secrets: ctx.secrets,
    metrics: ctx.metrics,
    analysis: ctx.analysis,
    afterWrite: alertHook(ctx),
  };
  return pollTargets(ctx).map((target) => ({
    name: `poll:${target.key}`,
    schedule: target.source.schedule,
    leaseMs: ctx.env.CAMPANILE_LEASE_MS,
    target,
    run: (signal) => pollSource(target, deps, signal),
  }));
}

export interface SnapshotJob extends Job {
  challenge: string;
  run(): Promise<Snapshot | null>;
}

/** One job per challenge: standings from rollups, published to every sink. */
export function snapshotJobs(ctx: Context): SnapshotJob[] {
  const deps = {
    db: ctx.database.db,
    log: ctx.log.child({ subsystem: 'leaderboard' }),
    now: ctx.now,
    outDir: ctx.env.CAMPANILE_OUT_DIR,
    http: ctx.http,
    metrics: ctx.metrics,
  };
  return ctx.config.config.campaigns
    .filter((c): c is Campaign & { challenge: NonNullable<Campaign['challenge']> } => c.challenge !== undefined)
    .map((campaign) => ({
      name: `snapshot:${challengeId(campaign)}`,
      challenge: challengeId(campaign),
      schedule: campaign.challenge.snapshotSchedule,
      timezone: campaign.challenge.timezone,
      leaseMs: ctx.env.CAMPANILE_LEASE_MS,
      run: () => publishLeaderboard(campaign, deps),
    }));
}

/** Sends the alert outbox, when some campaign has alerts. */
export function dispatchJob(ctx: Context): Job | null {
  const campaigns = ctx.config.config.campaigns;
  if (!campaigns.some((c) => c.alerts)) return null;
  const deps = { db: ctx.database.db, http: ctx.http, log: ctx.log.child({ subsystem: 'alerts' }), now: ctx.now, sleep: ctx.sleep, campaigns };
  return { name: 'dispatch-alerts', schedule: DISPATCH_SCHEDULE, leaseMs: ctx.env.CAMPANILE_LEASE_MS, run: (signal) => dispatchAlerts(deps, signal) };
}

/** One job per campaign whose towns list official accounts; fetchers (sessions, tokens) live across runs. */
export function accountJobs(ctx: Context): Job[] {
  const log = ctx.log.child({ subsystem: 'accounts' });
  const fetcherDeps = { http: ctx.http, log, now: ctx.now, sleep: ctx.sleep };
  return ctx.config.config.campaigns.filter(hasAccounts).map((campaign): Job => {
    const config = accountsConfig(campaign);
    const deps = { db: ctx.database.db, log, now: ctx.now, fetchers: createProfileFetchers(campaign, fetcherDeps) };
    return {
      name: `accounts:${campaign.id}`,
      schedule: config.schedule,
      timezone: config.timezone,
      leaseMs: ctx.env.CAMPANILE_LEASE_MS,
      run: (signal) => recordAccounts(campaign, deps, signal),
    };
  });
}

/** Daily: next months' partitions, retention drops. */
export function maintenanceJob(ctx: Context): Job {
  const deps = {
    db: ctx.database.db,
    log: ctx.log.child({ subsystem: 'maintenance' }),
    now: ctx.now,
    retentionMonths: ctx.env.CAMPANILE_RETENTION_MONTHS,
  };
  return { name: 'maintain-partitions', schedule: '17 3 * * *', leaseMs: ctx.env.CAMPANILE_LEASE_MS, run: () => maintainPartitions(deps) };
}

/** The scheduled jobs: one poll job per source, one snapshot job per challenge, one accounts job per campaign with accounts. */
export function scheduledJobs(ctx: Context): Job[] {
  const dispatch = dispatchJob(ctx);
  return [...pollJobs(ctx), ...snapshotJobs(ctx), ...(dispatch ? [dispatch] : []), ...accountJobs(ctx), maintenanceJob(ctx)];
}
