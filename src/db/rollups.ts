import { sql } from 'drizzle-orm';
import type { LocalityTotals } from '../leaderboard/standings.js';
import type { TimeWindow } from '../leaderboard/window.js';
import { queryRows, type Executor } from './client.js';
import { windowAuthors, type WindowDays } from './window-authors.js';

export type { WindowDays } from './window-authors.js';

/**
 * Totals per locality over a window, from the hourly rollups and author days only. Scores use the
 * counted measures; `allPosts` is every stored post, for the totals. Distinct authors are those
 * with at least one counted post on a day of the window.
 */
export async function localityTotals(db: Executor, campaignId: string, window: TimeWindow, days: WindowDays): Promise<LocalityTotals[]> {
  const start = window.start.toISOString();
  const end = window.end.toISOString();
  const rows = await queryRows<{
    locality_id: string;
    all_posts: number;
    all_engagement: number;
    posts: number;
    engagement: number;
    sentiment_sum: number;
    positive: number;
    negative: number;
  }>(
    db,
    sql`
    with r as (
      select locality_id, sum(posts)::int as all_posts, sum(engagement)::float8 as all_engagement,
        sum(counted_posts)::int as posts, sum(counted_engagement)::float8 as engagement,
        sum(counted_sentiment_sum)::float8 as sentiment_sum, sum(counted_positive)::int as positive,
        sum(counted_negative)::int as negative
      from rollups
      where campaign_id = ${campaignId} and hour >= ${start}::timestamptz and hour < ${end}::timestamptz
      group by locality_id
    )
    select r.* from r`,
  );
  const authors = await windowAuthors(db, campaignId, days);
  return rows.map((r) => ({
    localityId: r.locality_id,
    allPosts: Number(r.all_posts),
    allEngagement: Number(r.all_engagement),
    posts: Number(r.posts),
    authors: authors.get(r.locality_id) ?? 0,
    engagement: Number(r.engagement),
    sentimentSum: Number(r.sentiment_sum),
    positive: Number(r.positive),
    negative: Number(r.negative),
  }));
}

export interface HourlyPoint {
  localityId: string;
  hour: string;
  /** Every stored post (the volume chart); `counted` is what the scores use. */
  posts: number;
  counted: number;
}

export async function hourlySeries(db: Executor, campaignId: string, window: TimeWindow): Promise<HourlyPoint[]> {
  const rows = await queryRows<{ locality_id: string; hour: string; posts: number; counted: number }>(
    db,
    sql`
    select locality_id, to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"') as hour, posts::int as posts,
      counted_posts::int as counted
    from rollups
    where campaign_id = ${campaignId} and hour >= ${window.start.toISOString()}::timestamptz and hour < ${window.end.toISOString()}::timestamptz
    order by hour, locality_id`,
  );
  return rows.map((r) => ({ localityId: r.locality_id, hour: r.hour, posts: Number(r.posts), counted: Number(r.counted) }));
}
