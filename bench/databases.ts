/**
 * Fresh databases for one measurement: a new database on the DATABASE_URL server (dropped after),
 * or an in-memory PGlite. Each is migrated, like the worker's own.
 */
import { randomBytes } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { openDatabase, type Database } from '../src/db/client.js';

export type Backend = 'postgres' | 'pglite';

export interface BenchDatabase extends Database {
  /** The driver under drizzle: postgres.js `sql` or the PGlite instance (COPY and raw timing). */
  raw: { kind: 'postgres'; sql: postgres.Sql } | { kind: 'pglite'; pglite: PGlite };
  url?: string;
  dispose(): Promise<void>;
}

export async function freshDatabase(backend: Backend, adminUrl = process.env.DATABASE_URL): Promise<BenchDatabase> {
  if (backend === 'pglite') {
    const db = await openDatabase({ memory: true });
    await db.migrate();
    const pglite = (db.db as unknown as { $client: PGlite }).$client;
    return { ...db, raw: { kind: 'pglite', pglite }, dispose: () => db.close() };
  }
  if (!adminUrl) throw new Error('DATABASE_URL is not set');
  const name = `campanile_bench_${randomBytes(5).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), maxConnections: 4 });
  await db.migrate();
  const sql = (db.db as unknown as { $client: postgres.Sql }).$client;
  return {
    ...db,
    url: url.toString(),
    raw: { kind: 'postgres', sql },
    async dispose() {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** "PostgreSQL 15.20" of the server, or null without one. */
export async function serverVersion(adminUrl = process.env.DATABASE_URL): Promise<string | null> {
  if (!adminUrl) return null;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const [row] = await admin<{ v: string }[]>`select current_setting('server_version') as v`;
    return row ? `PostgreSQL ${row.v.split(' ')[0]}` : null;
  } finally {
    await admin.end();
  }
}
