import { prepareCampaign } from '../analysis/analyze.js';
import type { Campaign } from '../config/campaigns.js';
import { createConnector, sourceKey } from '../connectors/index.js';
import type { Context } from '../context.js';
import type { Job } from '../scheduler.js';
import { pollSource, type PollTarget } from './poll-source.js';
import { maintainPartitions } from './maintain-partitions.js';
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


/** The scheduled jobs: one poll job per source, one snapshot job per challenge. */
export function scheduledJobs(ctx: Context): Job[] {
  const pollLog = ctx.log.child({ subsystem: 'poll' });
  const polls = pollTargets(ctx).map(
    (target): Job => ({
      name: `poll:${target.key}`,
      schedule: target.source.schedule,
      leaseMs: ctx.env.CAMPANILE_LEASE_MS,
      run: (signal) => pollSource(target, { db: ctx.database.db, log: pollLog, now: ctx.now, secrets: ctx.secrets, metrics: ctx.metrics }, signal),
    }),
  );
  const snapshots = ctx.config.config.campaigns
    .filter((c): c is Campaign & { challenge: NonNullable<Campaign['challenge']> } => c.challenge !== undefined)
    .map(
      (campaign): Job => ({
        name: `snapshot:${challengeId(campaign)}`,
        schedule: campaign.challenge.snapshotSchedule,
        timezone: campaign.challenge.timezone,
        leaseMs: ctx.env.CAMPANILE_LEASE_MS,
        run: () => publishLeaderboard(campaign, { db: ctx.database.db, log: ctx.log.child({ subsystem: 'leaderboard' }), now: ctx.now, outDir: ctx.env.CAMPANILE_OUT_DIR, http: ctx.http, metrics: ctx.metrics }),
      }),
    );
  const maintenance: Job = {
    name: 'maintain-partitions',
    schedule: '17 3 * * *',
    leaseMs: ctx.env.CAMPANILE_LEASE_MS,
    run: () =>
      maintainPartitions({ db: ctx.database.db, log: ctx.log.child({ subsystem: 'maintenance' }), now: ctx.now, retentionMonths: ctx.env.CAMPANILE_RETENTION_MONTHS }),
  };
  return [...polls, ...snapshots, maintenance];
}
