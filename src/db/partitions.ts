import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './client.js';

/** `posts_y2026m06` for June 2026. */
export function partitionName(monthStart: Date): string {
  return `posts_y${monthStart.getUTCFullYear()}m${String(monthStart.getUTCMonth() + 1).padStart(2, '0')}`;
}

export function monthStart(date: Date, offsetMonths = 0): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + offsetMonths, 1));
}

/**
 * Makes sure a monthly partition exists for every month from `back` months ago to `ahead`
 * months from `now`. Rows that had landed in the default partition for such a month are moved
 * into the new partition in the same transaction, so attaching it never fails.
 */
export async function ensurePostPartitions(db: Executor, now: Date, back = 12, ahead = 2): Promise<string[]> {
  const existing = new Set(await listPostPartitions(db));
  const created: string[] = [];
  for (let offset = -back; offset <= ahead; offset++) {
    const from = monthStart(now, offset);
    const name = partitionName(from);
    if (existing.has(name)) continue;
    const to = monthStart(now, offset + 1);
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`create table if not exists ${name} (like posts including defaults)`));
      const range = sql`created_at >= ${from.toISOString()}::timestamptz and created_at < ${to.toISOString()}::timestamptz`;
      await tx.execute(sql`insert into ${sql.raw(name)} select * from posts_default where ${range}`);
      await tx.execute(sql`delete from posts_default where ${range}`);
      await tx.execute(sql.raw(`alter table posts attach partition ${name} for values from ('${from.toISOString()}') to ('${to.toISOString()}')`));
    });
    created.push(name);
  }
  return created;
}

export async function listPostPartitions(db: Executor): Promise<string[]> {
  const rows = await queryRows<{ name: string }>(
    db,
    sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        join pg_class p on p.oid = i.inhparent where p.relname = 'posts' and c.relname like 'posts_y%' order by 1`,
  );
  return rows.map((r) => r.name);
}

/**
 * Drops the monthly partitions that end before `now - retentionMonths` (whole months only).
 * Rollups, matches and snapshots are kept: standings of past challenges stay readable.
 */
export async function dropExpiredPostPartitions(db: Executor, now: Date, retentionMonths: number): Promise<string[]> {
  const cutoff = monthStart(now, -retentionMonths);
  const dropped: string[] = [];
  for (const name of await listPostPartitions(db)) {
    const m = /^posts_y(\d{4})m(\d{2})$/.exec(name);
    if (!m) continue;
    const end = new Date(Date.UTC(Number(m[1]), Number(m[2]), 1));
    if (end <= cutoff) {
      await db.execute(sql.raw(`drop table ${name}`));
      dropped.push(name);
    }
  }
  return dropped;
}
