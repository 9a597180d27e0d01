import { sql } from 'drizzle-orm';
import type { LocalityTotals } from '../leaderboard/standings.js';
import type { TimeWindow } from '../leaderboard/window.js';
import { queryRows, type Executor } from './client.js';

/** Totals per locality over a window, from the hourly rollups and author days only. */
export async function localityTotals(db: Executor, campaignId: string, window: TimeWindow): Promise<LocalityTotals[]> {
  const start = window.start.toISOString();
  const end = window.end.toISOString();
  const rows = await queryRows<{
    locality_id: string;
    posts: number;
    engagement: number;
    sentiment_sum: number;
    positive: number;
    negative: number;
    authors: number;
  }>(
    db,
    sql`
    with r as (
      select locality_id, sum(posts)::int as posts, sum(engagement)::float8 as engagement,
        sum(sentiment_sum)::float8 as sentiment_sum, sum(positive)::int as positive, sum(negative)::int as negative
      from rollups
      where campaign_id = ${campaignId} and hour >= ${start}::timestamptz and hour < ${end}::timestamptz
      group by locality_id
    ), a as (
      select locality_id, count(distinct author_key)::int as authors
      from author_days
      where campaign_id = ${campaignId} and day >= ${start.slice(0, 10)} and day <= ${end.slice(0, 10)}
      group by locality_id
    )
    select r.*, coalesce(a.authors, 0)::int as authors from r left join a using (locality_id)`,
  );
  return rows.map((r) => ({
    localityId: r.locality_id,
    posts: Number(r.posts),
    authors: Number(r.authors),
    engagement: Number(r.engagement),
    sentimentSum: Number(r.sentiment_sum),
    positive: Number(r.positive),
    negative: Number(r.negative),
  }));
}

export interface HourlyPoint {
  localityId: string;
  hour: string;
  posts: number;
}

export async function hourlySeries(db: Executor, campaignId: string, window: TimeWindow): Promise<HourlyPoint[]> {
  const rows = await queryRows<{ locality_id: string; hour: string; posts: number }>(
    db,
    sql`
    select locality_id, to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"') as hour, posts::int as posts
    from rollups
    where campaign_id = ${campaignId} and hour >= ${window.start.toISOString()}::timestamptz and hour < ${window.end.toISOString()}::timestamptz
    order by hour, locality_id`,
  );
  return rows.map((r) => ({ localityId: r.locality_id, hour: r.hour, posts: Number(r.posts) }));
}
