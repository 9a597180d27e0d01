import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { ensurePostPartitions } from './partitions.js';
import * as schema from './schema.js';
import type { Env } from '../config/env.js';
import { z } from 'zod';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
/** What a `db.transaction` callback receives; every store function accepts either. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type Executor = Db | Tx;

export interface Database {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Applies the SQL migrations, then creates the monthly post partitions around today. */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));
const MIGRATION_LOCK = 720_415_001;

export interface DatabaseOptions {
  /** postgres:// URL; when absent, the embedded PGlite under `dataDir` (or in memory with `memory`). */
  url?: string;
  dataDir?: string;
  memory?: boolean;
  /** With `memory`: start from this PGlite data-dir dump (`dumpDataDir`) instead of an empty cluster. */
  memoryFrom?: Blob;
  maxConnections?: number;
}

/** The database the environment names: the Postgres server of DATABASE_URL, or the embedded one in CAMPANILE_DATA_DIR. */
export function databaseOptionsFor(env: Pick<Env, 'DATABASE_URL' | 'CAMPANILE_DATA_DIR'>): DatabaseOptions {
  return env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.CAMPANILE_DATA_DIR };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.maxConnections ?? 10);
  let dataDir: string | undefined;
  if (!options.memory) {
    dataDir = options.dataDir ?? './data';
    await mkdir(dataDir, { recursive: true });
  }
  // Loaded only when used: PGlite's WASM build and drizzle's adapter weigh ~60 MB of RSS that a
  // worker on a Postgres server does not need.
  const [{ PGlite }, { drizzle: drizzlePglite }, { migrate: migratePglite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('drizzle-orm/pglite'),
    import('drizzle-orm/pglite/migrator'),
  ]);
  const client = dataDir
    ? new PGlite(`${dataDir}/pglite`, { postgresqlconf: PGLITE_SETTINGS })
    : new PGlite({ loadDataDir: options.memoryFrom, postgresqlconf: PGLITE_SETTINGS });
  await client.waitReady;
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async migrate() {
      if (!(await migrationsApplied(db))) await migratePglite(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
      await ensurePostPartitions(db, new Date());
    },
    close: () => client.close(),
  };
}

/**
 * Postgres' server defaults (128 MB of shared buffers) are sized for a database server; the
 * embedded one shares the worker's process, and every buffer it touches stays in its RSS.
 */
export const PGLITE_SETTINGS = ['shared_buffers = 32MB', 'wal_buffers = 1MB', 'maintenance_work_mem = 32MB'];

async function openPostgres(url: string, max: number): Promise<Database> {
  // Loaded only when used, as PGlite is: the embedded database does not need postgres.js.
  const [{ default: postgres }, { drizzle: drizzlePostgres }, { migrate: migratePostgres }] = await Promise.all([
    import('postgres'),
    import('drizzle-orm/postgres-js'),
    import('drizzle-orm/postgres-js/migrator'),
  ]);
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connection: { application_name: 'campanile' },
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async migrate() {
      // Replicas starting together: one migrates, the others wait and find nothing to do.
      const lock = await client.reserve();
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
        if (!(await migrationsApplied(db))) await migratePostgres(db as never, { migrationsFolder: MIGRATIONS_FOLDER });
        await ensurePostPartitions(db, new Date());
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
        lock.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

const journalSchema = z.object({ entries: z.array(z.object({ when: z.number() })).min(1) });

/**
 * True when the database has the journal's last migration: the usual start. drizzle's migrator
 * would find the same with more work (it reads and hashes every SQL file, then runs DDL).
 */
async function migrationsApplied(db: Db): Promise<boolean> {
  const journal = journalSchema.parse(JSON.parse(await readFile(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')));
  const last = Math.max(...journal.entries.map((e) => e.when));
  try {
    const [row] = await queryRows<{ applied: string | number | null }>(db, sql`select max(created_at) as applied from drizzle.__drizzle_migrations`);
    return Number(row?.applied ?? 0) >= last;
  } catch {
    return false; // a new database: no migrations table yet
  }
}

/** Rows of a raw query, whichever driver ran it (PGlite returns {rows}, postgres.js an array). */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = (await executor.execute(query)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
