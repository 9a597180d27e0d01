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

  const tableExists = async (db: TestDatabase, name: string) =>
    (await queryRows<{ found: string | null }>(db.db, sql`select to_regclass(${name})::text as found`))[0]?.found !== null;

  it('applies the missing last migration and records it', async () => {
    database = await createTestDatabase(backend);
    const applied = async () => (await queryRows<{ n: number }>(database!.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`))[0]?.n ?? 0;
    const all = await applied();
    // Undo the last migration (0011: the moderation tables) as an older release left the database.
    await database.db.execute(sql`drop table post_moderation`);
    await database.db.execute(sql`drop table campaign_moderation`);
    await database.db.execute(sql`delete from drizzle.__drizzle_migrations where created_at = (select max(created_at) from drizzle.__drizzle_migrations)`);
    expect(await applied()).toBe(all - 1);

    await database.migrate();

    expect(await tableExists(database, 'post_moderation')).toBe(true);
    expect(await tableExists(database, 'campaign_moderation')).toBe(true);
    expect(await applied()).toBe(all);
  });
});
