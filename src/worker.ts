import type { Env } from './config/env.js';
import { ConfigError, loadConfigFile } from './config/load.js';
import type { Context } from './context.js';
import { sourceKey } from './connectors/index.js';
import { scheduledJobs } from './jobs/index.js';
import { createScheduler, type Scheduler } from './scheduler.js';
import { createHttpServer, type HttpServer } from './server/server.js';
import { armHardExit } from './shutdown.js';
import { AdminRequestError, startAdminServer, type AdminHandlers } from './server/admin.js';
import type { HeldLock } from './data-dir-lock.js';
import { CommandError } from './commands/errors.js';
import { configuredSources } from './commands/configured-sources.js';
import { sourceStatus } from './commands/status.js';
import { relabelByReference } from './commands/relabel.js';
import { publishSnapshots } from './commands/snapshot.js';

export const DEFAULT_HTTP_PORT = 8080;

/**
 * The long-running worker: schedules every job, reloads the config on SIGHUP (a valid file
 * replaces the schedule once running jobs finish; an invalid one is rejected and logged, and
 * the old schedule goes on), and stops cleanly on SIGINT/SIGTERM.
 */
export async function runWorker(ctx: Context, env: Env, lock: HeldLock | null = null): Promise<void> {
  let current: Context = ctx;
  // The server reads the campaigns at each request, so a reload reaches it too.
  const server = await createHttpServer({
    db: ctx.database.db,
    adminToken: env.CAMPANILE_ADMIN_TOKEN,
    log: ctx.log,
    metrics: ctx.metrics,
    now: ctx.now,
    get campaigns() {
      return current.config.config.campaigns;
    },
    get sourceKeys() {
      return current.config.config.campaigns.flatMap((c) => c.sources.map((s, i) => sourceKey(c.id, s, i)));
    },
  });
  const { url } = await listenOn(server, env.CAMPANILE_HTTP_PORT ?? DEFAULT_HTTP_PORT);
  // The embedded database: the commands that would open it again go through this API instead.
  const admin = lock
    ? await startAdminServer({ tokens: [lock.info.token, env.CAMPANILE_ADMIN_TOKEN], log: ctx.log, handlers: adminHandlers(() => current) })
    : null;
  if (admin) await lock?.publish(admin.url);
  let scheduler: Scheduler = startScheduler(current, true);
  ctx.log.info({ holder: ctx.holder, config: ctx.config.file, http: url }, 'worker running; SIGHUP reloads the config, SIGINT or SIGTERM stops it');

  let reloading = Promise.resolve();
  const onHangup = () => {
    reloading = reloading
      .then(async () => {
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
          log.error(
            { config: ctx.config.file, problems: err.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`) },
            'config reload rejected: keeping the running config',
          );
        }
      })
      .catch((err) => ctx.log.error({ err }, 'config reload failed'));
  };
  process.on('SIGHUP', onHangup);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.off('SIGHUP', onHangup);
  ctx.log.info({ signal, graceMs: env.CAMPANILE_SHUTDOWN_GRACE_MS }, 'shutting down');
  armHardExit(env.CAMPANILE_SHUTDOWN_GRACE_MS, ctx.log);
  await reloading;
  await Promise.all([server.close(), admin?.close(), scheduler.stop(env.CAMPANILE_SHUTDOWN_GRACE_MS)]);
}

/** The admin API's work, on the worker's own database and its current config. */
function adminHandlers(current: () => Context): AdminHandlers {
  const refusing =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await fn(...args);
      } catch (err) {
        if (err instanceof CommandError) throw new AdminRequestError(400, err.message.replace(/^campanile: /, ''));
        throw err;
      }
    };
  return {
    status: refusing(() => sourceStatus(current().database.db, configuredSources(current().config.config))),
    relabel: refusing((body) => relabelByReference(current().database.db, body)),
    snapshot: refusing(({ challenge }) => publishSnapshots(current(), challenge)),
  };
}

/** Listens, or says in one line that the port is taken and what to do. */
export async function listenOn(server: HttpServer, port: number, host?: string): Promise<{ port: number; url: string }> {
  return server.listen(port, host).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'EADDRINUSE') throw err;
    throw new CommandError(
      `campanile: port ${port} is already in use (another "campanile run"?); stop that process or set CAMPANILE_HTTP_PORT to a free port (0 picks one)`,
    );
  });
}

function startScheduler(ctx: Context, runImmediately: boolean): Scheduler {
  const scheduler = createScheduler({ db: ctx.database.db, holder: ctx.holder, log: ctx.log, jobs: scheduledJobs(ctx), now: ctx.now });
  scheduler.start({ runImmediately });
  return scheduler;
}
