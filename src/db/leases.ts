import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './client.js';

/**
 * Takes the lease `name` for `holder` until now + ttl, if it is free, expired or already ours.
 * A holder that dies simply stops renewing; the lease lapses and another replica takes it.
 */
export async function acquireLease(db: Executor, name: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await queryRows<{ holder: string }>(
    db,
    sql`
    insert into leases (name, holder, expires_at, acquired_at)
    values (${name}, ${holder}, now() + ${ttlMs} * interval '1 millisecond', now())
    on conflict (name) do update set holder = excluded.holder, expires_at = excluded.expires_at, acquired_at = now()
      where leases.expires_at < now() or leases.holder = excluded.holder
    returning holder`,
  );
  return rows.length === 1;
}

export async function releaseLease(db: Executor, name: string, holder: string): Promise<void> {
  await db.execute(sql`delete from leases where name = ${name} and holder = ${holder}`);
}

/** Claims one cron fire (`job:slot`) for this replica; false when another replica claimed it. */
export async function claimFire(db: Executor, key: string, holder: string): Promise<boolean> {
  const rows = await queryRows<{ key: string }>(
    db,
    sql`insert into job_fires (key, holder) values (${key}, ${holder}) on conflict (key) do nothing returning key`,
  );
  return rows.length === 1;
}

export async function completeFire(db: Executor, key: string, ok: boolean): Promise<void> {
  await db.execute(sql`update job_fires set completed_at = now(), ok = ${ok} where key = ${key}`);
}
