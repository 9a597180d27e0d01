import { loadEnv } from '../config/env.js';
import { dispatchAlerts } from '../jobs/dispatch-alerts.js';
import { alertHook, pollTargets } from '../jobs/index.js';
import { pollSource } from '../jobs/poll-source.js';
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
    let failed = 0;
    const signal = new AbortController().signal;
    const afterWrite = alertHook(ctx);
    for (const target of targets) {
      const outcome = await pollSource(target, { db: ctx.database.db, log: ctx.log.child({ subsystem: 'poll' }), now: ctx.now, secrets: ctx.secrets, metrics: ctx.metrics, afterWrite }, signal);
      if (outcome.status === 'failed') failed += 1;
    }
    const campaigns = ctx.config.config.campaigns;
    if (campaigns.some((c) => c.alerts)) {
      await dispatchAlerts({ db: ctx.database.db, http: ctx.http, log: ctx.log.child({ subsystem: 'alerts' }), now: ctx.now, sleep: ctx.sleep, campaigns }, signal);
    }
    for (const campaign of ctx.config.config.campaigns) {
      await publishLeaderboard(campaign, { db: ctx.database.db, log: ctx.log.child({ subsystem: 'leaderboard' }), now: ctx.now, outDir: env.CAMPANILE_OUT_DIR, http: ctx.http });
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await ctx.close();
  }
}
