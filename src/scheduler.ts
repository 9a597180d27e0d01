import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Db } from './db/client.js';
import { acquireLease, claimFire, completeFire, releaseLease } from './db/leases.js';
import type { Logger } from './log.js';

export interface Job {
  /** Unique across the deployment: the lease and fire keys are derived from it. */
  name: string;
  schedule: string;
  timezone?: string;
  /**
   * How long the lease lives without renewal. A running job renews it every third of that; a
   * replica that dies stops renewing, and another replica may run the job once it lapses.
   */
  leaseMs: number;
  run(signal: AbortSignal): Promise<unknown>;
}

/** `poll:orgoglioliguria/mastodon/mastodon.uno:2026-06-01T10:05:00.000Z` → the part before the slot. */
export function jobNameOf(key: string): string | undefined {
  const m = /^(.*):\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.exec(key);
  return m?.[1];
}

/**
 * Postgres-backed coordination for node-cron's distributed tasks: a fire (`job:slot`) is
 * claimed by one replica through a unique row, and the job's lease keeps a long run from
 * overlapping the next fire on another replica.
 */
export function postgresRunCoordinator(db: Db, holder: string, leaseMsFor: (job: string) => number): RunCoordinator {
  return {
    async shouldRun(key) {
      const name = jobNameOf(key) ?? key;
      return db.transaction(async (tx) => {
        if (!(await acquireLease(tx, name, holder, leaseMsFor(name)))) return false;
        if (await claimFire(tx, key, holder)) return true;
        await releaseLease(tx, name, holder);
        return false;
      });
    },
    async onComplete(key) {
      const name = jobNameOf(key) ?? key;
      await completeFire(db, key, true);
      await releaseLease(db, name, holder);
    },
  };
}

export interface Scheduler {
  /** Schedules every job; with `runImmediately`, also runs each once now (under the same coordination). */
  start(options?: { runImmediately?: boolean }): void;
  /** Runs one job now, outside the schedule, under the same lease. */
  runNow(name: string): Promise<boolean>;
  /** Stops firing, signals running jobs to stop, and waits for them up to `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

/** `now` names the slot of a run started by hand (`runNow`); cron fires carry their own slot. */
export function createScheduler(opts: { db: Db; holder: string; log: Logger; jobs: readonly Job[]; now: () => Date }): Scheduler {
  const log = opts.log.child({ subsystem: 'scheduler' });
  const controller = new AbortController();
  const inflight = new Set<Promise<unknown>>();
  const byName = new Map(opts.jobs.map((j) => [j.name, j]));
  const coordinator = postgresRunCoordinator(opts.db, opts.holder, (name) => byName.get(name)?.leaseMs ?? 60_000);
  const tasks: ScheduledTask[] = [];
  /** Lease renewals of running jobs: a run left behind at shutdown must not renew on a closing pool. */
  const renewals = new Set<NodeJS.Timeout>();

  const track = <T>(p: Promise<T>): Promise<T> => {
    inflight.add(p);
    void p.finally(() => inflight.delete(p)).catch(() => {});
    return p;
  };

  /** Runs a job that this replica has been elected for, renewing its lease while it runs. */
  const execute = (job: Job, fire: string) =>
    track(
      (async () => {
        const runController = new AbortController();
        const onStop = () => runController.abort(controller.signal.reason);
        controller.signal.addEventListener('abort', onStop, { once: true });
        const renew = setInterval(
          () => {
            acquireLease(opts.db, job.name, opts.holder, job.leaseMs)
              .then((held) => {
                if (!held) {
                  log.warn({ job: job.name, fire }, 'lease lost to another replica: stopping this run');
                  runController.abort(new Error('lease lost'));
                }
              })
              .catch((err) => log.warn({ err, job: job.name }, 'lease renewal failed'));
          },
          Math.max(250, Math.floor(job.leaseMs / 3)),
        );
        renewals.add(renew);
        log.info({ job: job.name, fire, holder: opts.holder }, 'job started');
        try {
          await job.run(runController.signal);
        } catch (err) {
          log.error({ err, job: job.name, fire }, 'job failed');
        } finally {
          clearInterval(renew);
          renewals.delete(renew);
          controller.signal.removeEventListener('abort', onStop);
        }
      })(),
    );

  const runCoordinated = async (job: Job, key: string): Promise<boolean> => {
    if (controller.signal.aborted) return false;
    let elected: boolean;
    try {
      elected = await coordinator.shouldRun(key, job.leaseMs);
    } catch (err) {
      log.error({ err, job: job.name }, 'coordination failed: fire skipped');
      return false;
    }
    if (!elected) {
      log.debug({ job: job.name, fire: key }, 'fire taken by another replica or still running');
      return false;
    }
    try {
      await execute(job, key);
    } finally {
      await Promise.resolve(coordinator.onComplete?.(key)).catch((err: unknown) => log.warn({ err, job: job.name }, 'lease release failed'));
    }
    return true;
  };

  return {
    start(options = {}) {
      for (const job of opts.jobs) {
        // Coordination is ours (rather than node-cron's `distributed` option) so that the lease is
        // renewed while the job runs and every decision is logged with its fire key.
        const task = cron.createTask(job.schedule, (ctx) => runCoordinated(job, `${job.name}:${ctx.date.toISOString()}`), {
          name: job.name,
          timezone: job.timezone,
          noOverlap: true,
        });
        void task.start();
        tasks.push(task);
      }
      log.info({ jobs: opts.jobs.map((j) => `${j.name} (${j.schedule})`) }, 'scheduler started');
      if (options.runImmediately) {
        for (const job of opts.jobs) void track(this.runNow(job.name));
      }
    },
    runNow(name) {
      const job = byName.get(name);
      if (!job) return Promise.reject(new Error(`no job named ${name}`));
      return runCoordinated(job, `${name}:${opts.now().toISOString()}`);
    },
    async stop(graceMs) {
      await Promise.all(tasks.map((t) => t.stop()));
      // Runs stop at their next page boundary; a page's transaction is never cut in half.
      controller.abort(new Error('shutdown'));
      if (inflight.size > 0) {
        log.info({ running: inflight.size, graceMs }, 'waiting for running jobs');
        let timer: NodeJS.Timeout | undefined;
        const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
        const settled = await Promise.race([Promise.allSettled([...inflight]).then(() => 'done' as const), grace]);
        clearTimeout(timer);
        if (settled === 'timeout') {
          log.warn({ running: inflight.size }, 'grace period over: leaving runs behind');
          for (const renew of renewals) clearInterval(renew);
          renewals.clear();
        }
      }
      await Promise.all(tasks.map((t) => t.destroy()));
      log.info('scheduler stopped');
    },
  };
}
