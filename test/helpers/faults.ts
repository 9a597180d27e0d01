import { sql } from 'drizzle-orm';
import type { Db } from '../../src/db/client.js';

/**
 * A real database failure on demand: inserting a post whose text contains `marker` raises,
 * as a constraint violation or a lost connection would, in the middle of a page's transaction.
 */
export async function failInsertsContaining(db: Db, marker: string): Promise<void> {
  const literal = marker.replace(/'/g, "''");
  await db.execute(
    sql.raw(`create or replace function test_injected_failure() returns trigger language plpgsql as $$
    begin
      if new.text like '%${literal}%' then raise exception 'injected failure'; end if;
      return new;
    end $$`),
  );
  await db.execute(sql`drop trigger if exists test_injected_failure on posts`);
  await db.execute(sql`create trigger test_injected_failure before insert on posts for each row execute function test_injected_failure()`);
}

export async function clearInjectedFailures(db: Db): Promise<void> {
  await db.execute(sql`drop trigger if exists test_injected_failure on posts`);
}
