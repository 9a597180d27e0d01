import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './client.js';

/**
 * Posts of the window given a town less surely than the challenge's minConfidence (stored, not
 * counted). Cost: one read of the partial index post_matches_low_confidence_idx, which holds
 * only those matches.
 */
export async function lowConfidencePosts(db: Executor, campaignId: string, window: { start: Date; end: Date }): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`
    select count(*)::int as n from post_matches
    where campaign_id = ${campaignId} and uncounted_reason = 'low_confidence'
      and hour >= ${window.start.toISOString()}::timestamptz and hour < ${window.end.toISOString()}::timestamptz`,
  );
  return Number(row?.n ?? 0);
}
