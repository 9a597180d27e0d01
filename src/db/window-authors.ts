import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './client.js';

/** First and last day (in the challenge's time zone, as stored in author_days and top_posts) of a window. */
export interface WindowDays {
  first: string;
  last: string;
}

/**
 * Distinct counted authors per town over a challenge window, read from a running count. The
 * first call for a window registers it and back-fills it from author_days (once, under a share
 * lock on author_days so that no concurrent ingest slips between the back-fill and the
 * registration); from then on every ingest keeps the count (db/ingest.ts), and a snapshot reads
 * one row per town whatever the number of stored posts.
 */
export async function windowAuthors(db: Executor, campaignId: string, days: WindowDays): Promise<Map<string, number>> {
  const read = () =>
    queryRows<{ locality_id: string; authors: number }>(
      db,
      sql`select locality_id, authors from window_author_counts
          where campaign_id = ${campaignId} and first_day = ${days.first} and last_day = ${days.last}`,
    );
  const [registered] = await queryRows<{ one: number }>(
    db,
    sql`select 1 as one from challenge_windows where campaign_id = ${campaignId} and first_day = ${days.first} and last_day = ${days.last}`,
  );
  if (!registered) await registerWindow(db, campaignId, days);
  return new Map((await read()).map((r) => [r.locality_id, Number(r.authors)]));
}

async function registerWindow(db: Executor, campaignId: string, days: WindowDays): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`lock table author_days in share mode`);
    const inserted = await queryRows<{ one: number }>(
      tx,
      sql`insert into challenge_windows (campaign_id, first_day, last_day) values (${campaignId}, ${days.first}, ${days.last})
          on conflict do nothing returning 1 as one`,
    );
    if (inserted.length === 0) return;
    await tx.execute(sql`
      insert into window_authors (campaign_id, first_day, last_day, locality_id, author_key)
      select distinct ${campaignId}, ${days.first}, ${days.last}, locality_id, author_key from author_days
      where campaign_id = ${campaignId} and day >= ${days.first} and day <= ${days.last} and counted > 0`);
    await tx.execute(sql`
      insert into window_author_counts (campaign_id, first_day, last_day, locality_id, authors)
      select campaign_id, first_day, last_day, locality_id, count(*)::int from window_authors
      where campaign_id = ${campaignId} and first_day = ${days.first} and last_day = ${days.last}
      group by 1, 2, 3, 4`);
  });
}
