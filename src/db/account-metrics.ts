import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { accountMetrics } from './schema.js';

export type AccountMetricRow = typeof accountMetrics.$inferInsert;
export type StoredAccountMetric = typeof accountMetrics.$inferSelect;

/**
 * Upserts one account's day. A later read of the same day replaces the row, except that a
 * failed read (missing) never replaces a profile already recorded that day: a flaky re-run
 * must not erase good data.
 */
export async function upsertAccountMetric(db: Executor, row: AccountMetricRow): Promise<void> {
  await db
    .insert(accountMetrics)
    .values(row)
    .onConflictDoUpdate({
      target: [accountMetrics.campaignId, accountMetrics.localityId, accountMetrics.platform, accountMetrics.handle, accountMetrics.day],
      set: {
        followers: sql`excluded.followers`,
        following: sql`excluded.following`,
        postsCount: sql`excluded.posts_count`,
        engagementPerPost: sql`excluded.engagement_per_post`,
        recentPosts: sql`excluded.recent_posts`,
        missingReason: sql`excluded.missing_reason`,
        fetchedAt: sql`excluded.fetched_at`,
      },
      setWhere: sql`${accountMetrics.missingReason} is not null or excluded.missing_reason is null`,
    });
}

/**
 * A campaign's account rows between two days (inclusive). Cost: an index range read over
 * accounts × days (a few thousand rows for a year of 12 towns on 7 platforms), never posts.
 */
export async function readAccountMetrics(db: Executor, campaignId: string, fromDay: string, toDay: string): Promise<StoredAccountMetric[]> {
  return db
    .select()
    .from(accountMetrics)
    .where(and(eq(accountMetrics.campaignId, campaignId), gte(accountMetrics.day, fromDay), lte(accountMetrics.day, toDay)))
    .orderBy(asc(accountMetrics.localityId), asc(accountMetrics.platform), asc(accountMetrics.day));
}
