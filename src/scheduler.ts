import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Db } from './db/client.js';
import { acquireLease, claimFire, completeFire, releaseLease } from './db/leases.js';
import type { Logger } from './log.js';

export interface Job {
  /** Unique across the deployment: the lease and fire keys are derived from it. */
  name: string;
  schedule: string;
  timezone?: string;
  /** Longest a run may take; a replica that dies holding the lease frees it after this. */
  leaseMs: number;
  run(signal: AbortSignal): Promise<unknown>;
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
      const name = jobNameOf(key);
      await completeFire(db, key, true);
      if (name) await releaseLease(db, name, holder);
    },
  };
}

/** `poll:orgoglioliguria/mastodon/mastodon.uno:2026-06-01T10:05:00.000Z` → the part before the slot. */
export function jobNameOf(key: string): string | undefined {
  const m = /^(.*):\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.exec(key);
  return m?.[1];
}

export interface Scheduler {
  /** Schedules every job; with `runImmediately`, also runs each once now (under the same coordination). */
  start(options?: { runImmediately?: boolean }): void;
  /** Runs one job now, outside the schedule, under the same lease. */
  runNow(name: string): Promise<boolean>;
  /** Stops firing, signals running jobs to stop, and waits for them up to `graceMs`. */
  stop(graceMs: number): Promise<void>;
}

export function createScheduler(opts: { db: Db; holder: string; log: Logger; jobs: readonly Job[] }): Scheduler {
  const log = opts.log.child({ subsystem: 'scheduler' });
  const controller = new AbortController();
  const inflight = new Set<Promise<unknown>>();
  const byName = new Map(opts.jobs.map((j) => [j.name, j]));
  const coordinator = postgresRunCoordinator(opts.db, opts.holder, (name) => byName.get(name)?.leaseMs ?? 60_000);
  const tasks: ScheduledTask[] = [];

  const execute = (job: Job) => {
    const p = job.run(controller.signal).catch((err) => log.error({ err, job: job.name }, 'job failed'));
    inflight.add(p);
    return p.finally(() => inflight.delete(p));
  };

  return {
    start(options = {}) {
      for (const job of opts.jobs) {
        const task = cron.createTask(job.schedule, () => execute(job), {
          name: job.name,
          timezone: job.timezone,
          noOverlap: true,
          distributed: true,
          runCoordinator: coordinator,
          distributedLease: job.leaseMs,
        });
        task.on('execution:skipped', (ctx) => log.debug({ job: job.name, reason: ctx.reason }, 'fire skipped'));
        void task.start();
        tasks.push(task);
      }
      log.info({ jobs: opts.jobs.map((j) => `${j.name} (${j.schedule})`) }, 'scheduler started');
      if (options.runImmediately) {
        for (const job of opts.jobs) {
          const kickoff = this.runNow(job.name).catch((err) => log.error({ err, job: job.name }, 'first run failed'));
          inflight.add(kickoff);
          void kickoff.finally(() => inflight.delete(kickoff));
        }
      }
    },
    async runNow(name) {
      const job = byName.get(name);
      if (!job) throw new Error(`no job named ${name}`);
      const key = `${name}:${new Date().toISOString()}`;
      if (controller.signal.aborted) return false;
      if (!(await coordinator.shouldRun(key, job.leaseMs))) return false;
      try {
        await execute(job);
      } finally {
        await coordinator.onComplete?.(key);
      }
      return true;
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
        if (settled === 'timeout') log.warn({ running: inflight.size }, 'grace period over: leaving runs behind');
      }
      await Promise.all(tasks.map((t) => t.destroy()));
      log.info('scheduler stopped');
    },
  };
}
