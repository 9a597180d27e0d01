import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type Database, type Db } from '../../src/db/client.js';
import { has } from './requirements.js';

export type Backend = 'pglite' | 'postgres';

/** PGlite always; the Postgres server too when DATABASE_URL is set (CI sets it). */
export const BACKENDS: Backend[] = has('postgres') ? ['pglite', 'postgres'] : ['pglite'];

export interface TestDatabase extends Database {
  /** Closes the connection and drops the per-test database. */
  dispose(): Promise<void>;
  url?: string;
}

let template: Promise<Blob> | undefined;
/** The migrated empty database the global setup dumped, read once per test worker. */
const pgliteTemplate = () => (template ??= readFile(inject('pgliteTemplate')).then((bytes) => new Blob([bytes])));

/** A fresh, migrated database of its own: in-memory PGlite, or a new database on the server. */
export async function createTestDatabase(backend: Backend): Promise<TestDatabase> {
  if (backend === 'pglite') {
    const db = await openDatabase({ memory: true, memoryFrom: await pgliteTemplate() });
    await db.migrate();
    return { ...db, dispose: () => db.close() };
  }
  const adminUrl = process.env.DATABASE_URL as string;
  const name = `campanile_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name}`);
  } catch (err) {
    await admin.end();
    throw new Error(
      `cannot create a test database on ${new URL(adminUrl).host}: ${(err as Error).message}. Is PostgreSQL running? Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
    );
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString(), maxConnections: 4 });
  await db.migrate();
  return {
    ...db,
    url: url.toString(),
    async dispose() {
      await db.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Empties what an ingest writes (posts, matches, rollups, fairness counts, cursors, quarantine) between tests. */
export async function clearIngestTables(db: Db): Promise<void> {
  await db.execute(
    sql`truncate posts, post_matches, rollups, hashtag_rollups, author_days, challenge_windows, window_authors, window_author_counts, source_cursors, quarantine`,
  );
}
