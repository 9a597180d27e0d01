import { loadEnv } from '../config/env.js';
import { dispatchAlerts } from '../jobs/dispatch-alerts.js';
import { alertHook, pollTargets } from '../jobs/index.js';
import { pollSource, type PollOutcome } from '../jobs/poll-source.js';
import { publishLeaderboard } from '../jobs/publish-leaderboard.js';
import { openContext, parse } from './context.js';
import { UsageError } from './errors.js';

export async function pollOnce(args: string[]): Promise<number> {
  const { values } = parse(args, { once: { type: 'boolean' }, source: { type: 'string' } });
  if (!values.once) throw new UsageError('poll runs one round: pass --once');
  const env = loadEnv();
  const ctx = await openContext(env, values.config, 'poll');
  try {
    const targets = pollTargets(ctx).filter((t) => !values.source || t.key === values.source);
    if (values.source && targets.length === 0) throw new UsageError(`no source "${values.source}"; see "campanile status"`);
    const outcomes: { key: string; outcome: PollOutcome }[] = [];
    const signal = new AbortController().signal;
    const afterWrite = alertHook(ctx);
    for (const target of targets) {
      const outcome = await pollSource(
        target,
        {
          db: ctx.database.db,
          log: ctx.log.child({ subsystem: 'poll' }),
          now: ctx.now,
          secrets: ctx.secrets,
          metrics: ctx.metrics,
          analysis: ctx.analysis,
          afterWrite,
        },
        signal,
      );
      outcomes.push({ key: target.key, outcome });
    }
    const campaigns = ctx.config.config.campaigns;
    if (campaigns.some((c) => c.alerts)) {
      await dispatchAlerts(
        { db: ctx.database.db, http: ctx.http, log: ctx.log.child({ subsystem: 'alerts' }), now: ctx.now, sleep: ctx.sleep, campaigns },
        signal,
      );
    }
    let snapshots = 0;
    for (const campaign of ctx.config.config.campaigns) {
      const snap = await publishLeaderboard(campaign, {
        db: ctx.database.db,
        log: ctx.log.child({ subsystem: 'leaderboard' }),
        now: ctx.now,
        outDir: env.CAMPANILE_OUT_DIR,
        http: ctx.http,
      });
      if (snap) snapshots += 1;
    }
    process.stdout.write(`${pollSummary(outcomes, snapshots)}\n`);
    return outcomes.some((o) => o.outcome.status === 'failed') ? 1 : 0;
  } finally {
    await ctx.close();
  }
}

/** One line for the person who ran `poll --once`: what came in, what failed and why. */
export function pollSummary(outcomes: readonly { key: string; outcome: PollOutcome }[], snapshots: number): string {
  const failed = outcomes.filter((o) => o.outcome.status === 'failed');
  const sum = (field: 'fetched' | 'inserted' | 'updated' | 'quarantined') => outcomes.reduce((n, o) => n + o.outcome[field], 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    `polled ${plural(outcomes.length, 'source')}: ${outcomes.length - failed.length} ok, ${failed.length} failed`,
    `${sum('fetched')} fetched, ${sum('inserted')} new, ${sum('updated')} re-seen, ${sum('quarantined')} quarantined`,
    `${plural(snapshots, 'snapshot')} written`,
  ];
  const reasons = failed.map((o) => `${o.key}: ${o.outcome.error ?? 'failed'}`);
  return `${parts.join('; ')}${reasons.length > 0 ? ` — ${reasons.join('; ')}` : ''}`;
}
