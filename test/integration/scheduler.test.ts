import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createScheduler, type Job } from '../../src/scheduler.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { silentLogger } from '../helpers/log.js';

describe('a job run by hand', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('pglite');
  });
  afterAll(() => database.dispose());

  it('takes its fire slot from the injected clock, so a second run in the same instant is refused', async () => {
    let runs = 0;
    const job: Job = { name: 'publish:demo', schedule: '0 * * * *', leaseMs: 60_000, run: async () => void runs++ };
    let now = new Date('2026-06-01T10:00:00.000Z');
    const scheduler = createScheduler({ db: database.db, holder: 'test', log: silentLogger(), jobs: [job], now: () => now });

    expect(await scheduler.runNow('publish:demo')).toBe(true);
    expect(await scheduler.runNow('publish:demo')).toBe(false); // the same slot, already claimed
    now = new Date('2026-06-01T10:05:00.000Z');
    expect(await scheduler.runNow('publish:demo')).toBe(true);
    await scheduler.stop(1000);

    expect(runs).toBe(2);
    const fires = await queryRows<{ key: string }>(database.db, sql`select key from job_fires order by key`);
    expect(fires.map((f) => f.key)).toEqual(['publish:demo:2026-06-01T10:00:00.000Z', 'publish:demo:2026-06-01T10:05:00.000Z']);
  });
});
