import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';

// migrate() skips drizzle's migrator when the journal's last migration is applied (start-up speed):
// a database one migration behind must still get it.
describe.each(BACKENDS)('migrate on a database one migration behind (%s)', (backend) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.dispose();
    database = undefined;
  });

  const indexes = async (db: TestDatabase) =>
    (
      await queryRows<{ def: string }>(
        db.db,
        sql`select regexp_replace(indexdef, '^.* USING ', '') as def from pg_indexes where tablename = 'author_days' order by indexname`,
      )
    ).map((r) => r.def);

  it('applies the missing last migration and records it, keeping the rows', async () => {
    database = await createTestDatabase(backend);
    const db = database.db;
    const applied = async () => (await queryRows<{ n: number }>(db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]?.n ?? 0;
    const all = await applied();
    // Undo the last migration (0012: author_days keyed by day first) as an older release left the database.
    await db.execute(sql`alter table author_days drop constraint author_days_campaign_id_day_author_key_locality_id_pk`);
    await db.execute(
      sql`alter table author_days add constraint author_days_campaign_id_locality_id_day_author_key_pk primary key (campaign_id, locality_id, day, author_key)`,
    );
    await db.execute(sql`create index author_days_author_day_idx on author_days (campaign_id, author_key, day)`);
    await db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`);
    await db.execute(sql`insert into author_days (campaign_id, locality_id, author_key, day, posts, counted) values ('c', '010025', 'a', '2026-06-10', 2, 1)`);
    expect(await applied()).toBe(all - 1);

    await database.migrate();

    expect(await indexes(database)).toEqual(['btree (campaign_id, day, author_key, locality_id)']);
    expect(await queryRows(db, sql`select locality_id, author_key, day, posts, counted from author_days`)).toEqual([
      { locality_id: '010025', author_key: 'a', day: '2026-06-10', posts: 2, counted: 1 },
    ]);
    expect(await applied()).toBe(all);
  });
});
