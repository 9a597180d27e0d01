import { parseArgs } from 'node:util';
import type { Env } from '../config/env.js';
import { loadConfigFile } from '../config/load.js';
import { createContext, type Context } from '../context.js';
import { databaseOptionsFor, openDatabase } from '../db/client.js';
import { acquireDataDirLock, readDataDirLock, type HeldLock, type LockInfo } from '../data-dir-lock.js';

export function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  return parseArgs({ args, options: { config: { type: 'string', short: 'c' }, ...options }, allowPositionals, strict: true });
}

export type CommandContext = Context & { lock: HeldLock | null };

/**
 * Opens the config and the migrated database for one command. On the embedded database the
 * command first takes the data dir's lock, so it stops at once when another process holds it.
 * The database starts while the config loads: both take hundreds of milliseconds.
 */
export async function openContext(env: Env, configPath: string | undefined, command: string): Promise<CommandContext> {
  const lock = env.DATABASE_URL ? null : await acquireDataDirLock(env.CAMPANILE_DATA_DIR, command);
  const [config, database] = await Promise.allSettled([loadConfigFile(configPath ?? env.CAMPANILE_CONFIG), openDatabase(databaseOptionsFor(env))]);
  try {
    if (config.status === 'rejected') {
      if (database.status === 'fulfilled') await database.value.close();
      throw config.reason;
    }
    if (database.status === 'rejected') throw database.reason;
    const ctx = await createContext(env, config.value, { database: database.value });
    try {
      await ctx.database.migrate();
    } catch (err) {
      await ctx.close();
      throw err;
    }
    return {
      ...ctx,
      lock,
      async close() {
        await ctx.close();
        await lock?.release();
      },
    };
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

/** The running worker that holds the embedded database, when there is one; its admin API serves the command. */
export async function runningWorker(env: Env): Promise<LockInfo | null> {
  if (env.DATABASE_URL) return null;
  const holder = await readDataDirLock(env.CAMPANILE_DATA_DIR);
  return holder?.command === 'run' ? holder : null;
}
