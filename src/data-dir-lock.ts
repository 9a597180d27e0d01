import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CommandError } from './commands/errors.js';

/**
 * PGlite is one process's database: a second process opening the same directory corrupts what
 * the first one sees (or aborts). Whoever opens the embedded data dir holds this lock file
 * (mode 0600: it carries the admin token); the worker adds the address of its local admin API,
 * through which `relabel`, `status` and `snapshot` reach the database while it runs.
 */
export const LOCK_FILE = 'campanile.lock';

const lockSchema = z.object({
  pid: z.number().int().positive(),
  command: z.string(),
  startedAt: z.string(),
  token: z.string().min(16),
  /** The worker's local admin API (`run` only, once it listens); null for short commands. */
  adminUrl: z.string().url().nullable(),
});

export type LockInfo = z.infer<typeof lockSchema>;

export interface HeldLock {
  readonly info: LockInfo;
  /** Records the admin API's address in the lock file, for the other commands to find. */
  publish(adminUrl: string): Promise<void>;
  release(): Promise<void>;
}

/** The data dir is held by another live process; the message names it and the way out. */
export class DataDirBusyError extends CommandError {
  override name = 'DataDirBusyError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockInfo,
  ) {
    const what = holder.command === 'run' ? 'the worker' : `"campanile ${holder.command}"`;
    super(
      `campanile: the embedded database in ${dataDir} is in use by ${what} (pid ${holder.pid}, since ${holder.startedAt}).\n` +
        (holder.command === 'run'
          ? `  While it runs, only "relabel", "status" and "snapshot" work alongside it (they go through it).\n` +
            `  Stop it first (Ctrl-C in its terminal, or kill ${holder.pid}), `
          : `  Wait for it to finish (or kill ${holder.pid}), `) +
        `or set DATABASE_URL to a Postgres server to run several processes at once.\n` +
        `  If pid ${holder.pid} is not campanile, delete ${join(dataDir, LOCK_FILE)}.`,
    );
  }
}

/** The live holder of the data dir's lock, or null when it is free (absent, unreadable or stale). */
export async function readDataDirLock(dataDir: string): Promise<LockInfo | null> {
  let raw: string;
  try {
    raw = await readFile(join(dataDir, LOCK_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  let parsed: ReturnType<typeof lockSchema.safeParse>;
  try {
    parsed = lockSchema.safeParse(JSON.parse(raw));
  } catch {
    return null;
  }
  return parsed.success && isAlive(parsed.data.pid) ? parsed.data : null;
}

/**
 * Takes the lock or throws DataDirBusyError. A lock left by a process that died (kill -9, crash)
 * is taken over. The file is removed on release and, as a last resort, when the process exits.
 */
export async function acquireDataDirLock(dataDir: string, command: string): Promise<HeldLock> {
  await mkdir(dataDir, { recursive: true });
  const file = join(dataDir, LOCK_FILE);
  let info: LockInfo = { pid: process.pid, command, startedAt: new Date().toISOString(), token: randomBytes(24).toString('base64url'), adminUrl: null };
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, JSON.stringify(info), { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const holder = await readDataDirLock(dataDir);
      if (holder) throw new DataDirBusyError(resolve(dataDir), holder);
      await unlink(file).catch(() => {}); // left by a process that is gone
    }
  }
  const onExit = () => rmSync(file, { force: true });
  process.once('exit', onExit);
  let released = false;
  return {
    get info() {
      return info;
    },
    async publish(adminUrl) {
      info = { ...info, adminUrl };
      const temporary = `${file}.${process.pid}.tmp`;
      await writeFile(temporary, JSON.stringify(info), { mode: 0o600 });
      await rename(temporary, file);
    },
    async release() {
      if (released) return;
      released = true;
      process.off('exit', onExit);
      await unlink(file).catch(() => {});
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
