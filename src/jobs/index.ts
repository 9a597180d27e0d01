import { accountsConfig, createProfileFetchers, hasAccounts } from '../accounts/index.js';
import { prepareCampaign } from '../analysis/analyze.js';
import type { Campaign } from '../config/campaigns.js';
import { createConnector, sourceKey } from '../connectors/index.js';
import type { Context } from '../context.js';
import type { Job } from '../scheduler.js';
import { watchPage } from '../alerts/watch.js';
import { dispatchAlerts } from './dispatch-alerts.js';
import { maintainPartitions } from './maintain-partitions.js';
import { pollSource, type PollDeps, type PollTarget } from './poll-source.js';
import { recordAccounts } from './record-accounts.js';
import { challengeId, publishLeaderboard } from './publish-leaderboard.js';

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

/** One job per campaign whose towns list official accounts; fetchers (sessions, tokens) live across runs. */
export function accountJobs(ctx: Context): Job[] {
  const deps = { http: ctx.http, log: ctx.log.child({ subsystem: 'accounts' }), now: ctx.now, sleep: ctx.sleep };
  return ctx.config.config.campaigns.filter(hasAccounts).map((campaign): Job => {
    const config = accountsConfig(campaign);
    const fetchers = createProfileFetchers(campaign, deps);
    return {
      name: `accounts:${campaign.id}`,
      schedule: config.schedule,
      timezone: config.timezone,
      leaseMs: ctx.env.CAMPANILE_LEASE_MS,
      run: (signal) => recordAccounts(campaign, { db: ctx.database.db, log: deps.log, now: ctx.now, fetchers }, signal),
    };
  });
}

/** The scheduled jobs: one poll job per source, one snapshot job per challenge, one accounts job per campaign with accounts. */
export function scheduledJobs(ctx: Context): Job[] {
  const pollLog = ctx.log.child({ subsystem: 'poll' });
  const afterWrite = alertHook(ctx);
  const polls = pollTargets(ctx).map(
    (target): Job => ({
      name: `poll:${target.key}`,
      schedule: target.source.schedule,
      leaseMs: ctx.env.CAMPANILE_LEASE_MS,
      run: (signal) =>
        pollSource(
          target,
          { db: ctx.database.db, log: pollLog, now: ctx.now, secrets: ctx.secrets, metrics: ctx.metrics, analysis: ctx.analysis, afterWrite },
          signal,
        ),
    }),
  );
  const campaigns = ctx.config.config.campaigns;
  const dispatch: Job[] = campaigns.some((c) => c.alerts)
    ? [
        {
          name: 'dispatch-alerts',
          schedule: DISPATCH_SCHEDULE,
          leaseMs: ctx.env.CAMPANILE_LEASE_MS,
          run: (signal) =>
            dispatchAlerts(
              { db: ctx.database.db, http: ctx.http, log: ctx.log.child({ subsystem: 'alerts' }), now: ctx.now, sleep: ctx.sleep, campaigns },
              signal,
            ),
        },
      ]
    : [];
  const snapshots = ctx.config.config.campaigns
    .filter((c): c is Campaign & { challenge: NonNullable<Campaign['challenge']> } => c.challenge !== undefined)
    .map(
      (campaign): Job => ({
        name: `snapshot:${challengeId(campaign)}`,
        schedule: campaign.challenge.snapshotSchedule,
        timezone: campaign.challenge.timezone,
        leaseMs: ctx.env.CAMPANILE_LEASE_MS,
        run: () =>
          publishLeaderboard(campaign, {
            db: ctx.database.db,
            log: ctx.log.child({ subsystem: 'leaderboard' }),
            now: ctx.now,
            outDir: ctx.env.CAMPANILE_OUT_DIR,
            http: ctx.http,
            metrics: ctx.metrics,
          }),
      }),
    );
  const maintenance: Job = {
    name: 'maintain-partitions',
    schedule: '17 3 * * *',
    leaseMs: ctx.env.CAMPANILE_LEASE_MS,
    run: () =>
      maintainPartitions({
        db: ctx.database.db,
        log: ctx.log.child({ subsystem: 'maintenance' }),
        now: ctx.now,
        retentionMonths: ctx.env.CAMPANILE_RETENTION_MONTHS,
      }),
  };
  return [...polls, ...snapshots, ...dispatch, ...accountJobs(ctx), maintenance];
}
