import { parseArgs } from 'node:util';
import type { Env } from '../config/env.js';
import type { Context } from '../context.js';
import type { Database } from '../db/client.js';
import { acquireDataDirLock, readDataDirLock, type HeldLock, type LockInfo } from '../data-dir-lock.js';

export function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  return parseArgs({ args, options: { config: { type: 'string', short: 'c' }, ...options }, allowPositionals, strict: true });
}

export type CommandContext = Context & { lock: HeldLock | null };

/** What a command read from the config, and the migrated database, for a command that only reads or writes rows. */
export interface Store<C> {
  config: C;
  database: Database;
  lock: HeldLock | null;
  close(): Promise<void>;
}

/**
 * Opens the migrated database and reads the config for one command. On the embedded database the
 * command first takes the data dir's lock, so it stops at once when another process holds it.
 * The database starts while the config loads (both take hundreds of milliseconds); the database's
 * modules are imported here, not by the command's, so that a command served by the running worker never loads them.
 */
export async function openStore<C>(env: Env, command: string, loadConfig: () => Promise<C>): Promise<Store<C>> {
  const lock = env.DATABASE_URL ? null : await acquireDataDirLock(env.CAMPANILE_DATA_DIR, command);
  try {
    const [database, config] = await Promise.allSettled([
      import('../db/client.js').then(({ databaseOptionsFor, openDatabase }) => openDatabase(databaseOptionsFor(env))),
      loadConfig(),
    ]);
    if (config.status === 'rejected') {
      if (database.status === 'fulfilled') await database.value.close();
      throw config.reason;
    }
    if (database.status === 'rejected') throw database.reason;
    try {
      await database.value.migrate();
    } catch (err) {
      await database.value.close();
      throw err;
    }
    return {
      config: config.value,
      database: database.value,
      lock,
      async close() {
        await database.value.close();
        await lock?.release();
      },
    };
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

/** The store and everything a command that runs jobs needs (logger, HTTP client, metrics): `createContext`. */
export async function openContext(env: Env, configPath: string | undefined, command: string): Promise<CommandContext> {
  const store = await openStore(env, command, () =>
    import('../config/load.js').then(({ loadConfigFile }) => loadConfigFile(configPath ?? env.CAMPANILE_CONFIG)),
  );
  try {
    const { createContext } = await import('../context.js');
    const ctx = await createContext(env, store.config, { database: store.database });
    return {
      ...ctx,
      lock: store.lock,
      async close() {
        await ctx.close();
        await store.lock?.release();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

/** The running worker that holds the embedded database, when there is one; its admin API serves the command. */
export async function runningWorker(env: Env): Promise<LockInfo | null> {
  if (env.DATABASE_URL) return null;
  const holder = await readDataDirLock(env.CAMPANILE_DATA_DIR);
  return holder?.command === 'run' ? holder : null;
}
