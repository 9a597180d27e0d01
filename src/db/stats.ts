import { sql } from 'drizzle-orm';
import type { TimeWindow } from '../leaderboard/window.js';
import { queryRows, type Executor } from './client.js';

export interface VolumeSentiment {
  posts: number;
  engagement: number;
  sentimentSum: number;
  positive: number;
  negative: number;
}

export interface CampaignStats {
  byLocality: Array<VolumeSentiment & { localityId: string }>;
  byPlatform: Array<VolumeSentiment & { platform: string }>;
  series: Array<{ bucket: string; posts: number }>;
}

type Row = { posts: number; engagement: number; sentiment_sum: number; positive: number; negative: number };
const numbers = (r: Row): VolumeSentiment => ({
  posts: Number(r.posts),
  engagement: Number(r.engagement),
  sentimentSum: Number(r.sentiment_sum),
  positive: Number(r.positive),
  negative: Number(r.negative),
});

/**
 * Volume and sentiment of a campaign over [start, end) at hour granularity (both tables are
 * keyed by the post's hour). Towns and the series read the hourly rollups; platforms are not
 * in the rollups, so that part scans the campaign's matches in the window through the
 * (campaign, locality, hour) index: fine for weeks of a campaign, the reason ranges are capped.
 * Day buckets are calendar days in `timeZone`.
 */
export async function campaignStats(db: Executor, campaignId: string, window: TimeWindow, bucket: 'hour' | 'day', timeZone: string): Promise<CampaignStats> {
  const start = window.start.toISOString();
  const end = window.end.toISOString();
  const inWindow = sql`campaign_id = ${campaignId} and hour >= ${start}::timestamptz and hour < ${end}::timestamptz`;
  const bucketExpr =
    bucket === 'hour' ? sql`to_char(hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24:00:00"Z"')` : sql`to_char(hour at time zone ${timeZone}, 'YYYY-MM-DD')`;
  const [localities, platforms, series] = await Promise.all([
    queryRows<Row & { locality_id: string }>(
      db,
      sql`select locality_id, sum(posts)::int as posts, sum(engagement)::bigint as engagement, sum(sentiment_sum)::float8 as sentiment_sum,
        sum(positive)::int as positive, sum(negative)::int as negative
      from rollups where ${inWindow} group by locality_id order by posts desc, locality_id`,
    ),
    queryRows<Row & { platform: string }>(
      db,
      sql`select platform, count(*)::int as posts, sum(engagement)::bigint as engagement, sum(sentiment)::float8 as sentiment_sum,
        count(*) filter (where sentiment_label = 'positive')::int as positive,
        count(*) filter (where sentiment_label = 'negative')::int as negative
      from post_matches where ${inWindow} group by platform order by posts desc, platform`,
    ),
    queryRows<{ bucket: string; posts: number }>(
      db,
      sql`select ${bucketExpr} as bucket, sum(posts)::int as posts from rollups where ${inWindow} group by 1 order by 1`,
    ),
  ]);
  return {
    byLocality: localities.map((r) => ({ localityId: r.locality_id, ...numbers(r) })),
    byPlatform: platforms.map((r) => ({ platform: r.platform, ...numbers(r) })),
    series: series.map((r) => ({ bucket: r.bucket, posts: Number(r.posts) })),
  };
}
