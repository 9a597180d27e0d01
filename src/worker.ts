import type { Env } from './config/env.js';
import { ConfigError, loadConfigFile } from './config/load.js';
import type { Context } from './context.js';
import { scheduledJobs } from './jobs/index.js';
import { createScheduler, type Scheduler } from './scheduler.js';

/**
 * The long-running worker: schedules every job, reloads the config on SIGHUP (a valid file
 * replaces the schedule once running jobs finish; an invalid one is rejected and logged, and
 * the old schedule goes on), and stops cleanly on SIGINT/SIGTERM.
 */
export async function runWorker(ctx: Context, env: Env): Promise<void> {
  let current: Context = ctx;
  let scheduler: Scheduler = startScheduler(current, true);
  ctx.log.info({ holder: ctx.holder, config: ctx.config.file }, 'worker running; SIGHUP reloads the config, SIGINT or SIGTERM stops it');

  let reloading = Promise.resolve();
  const onHangup = () => {
    reloading = reloading.then(async () => {
      const log = ctx.log.child({ subsystem: 'config' });
      try {
        const next = await loadConfigFile(ctx.config.file);
        for (const secret of next.secrets) ctx.secrets.add(secret);
        await scheduler.stop(env.CAMPANILE_SHUTDOWN_GRACE_MS);
        current = { ...current, config: next };
        scheduler = startScheduler(current, false);
        log.info({ config: next.file, campaigns: next.config.campaigns.map((c) => c.id) }, 'config reloaded');
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        log.error({ config: ctx.config.file, problems: err.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`) }, 'config reload rejected: keeping the running config');
      }
    }).catch((err) => ctx.log.error({ err }, 'config reload failed'));
  };
  process.on('SIGHUP', onHangup);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.off('SIGHUP', onHangup);
  ctx.log.info({ signal, graceMs: env.CAMPANILE_SHUTDOWN_GRACE_MS }, 'shutting down');
  await reloading;
  await scheduler.stop(env.CAMPANILE_SHUTDOWN_GRACE_MS);
}

function startScheduler(ctx: Context, runImmediately: boolean): Scheduler {
  const scheduler = createScheduler({ db: ctx.database.db, holder: ctx.holder, log: ctx.log, jobs: scheduledJobs(ctx) });
  scheduler.start({ runImmediately });
  return scheduler;
}
