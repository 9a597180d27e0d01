import { sql } from 'drizzle-orm';
import type { SentimentLabel } from '../domain/types.js';
import { queryRows, type Executor } from './client.js';

const isSentimentLabel = (v: string | null): v is SentimentLabel => v === 'positive' || v === 'neutral' || v === 'negative';

/** Rows kept per (campaign, locality, day); a snapshot shows the best few of the window's days. */
export const TOP_POSTS_PER_DAY = 5;

/**
 * The staged batch's top-post candidates (db/staging.ts): new counted, attributed matches (only
 * the batch's own TOP_POSTS_PER_DAY best of a (campaign, town, day), ties with the last one kept:
 * the rest could only be inserted and trimmed again), and re-seen counted ones whose engagement
 * moved, under their stored town.
 */
const CANDIDATES = sql.raw(`
  select campaign_id, locality_id, day, platform, external_id, url, engagement, created_at from (
    select s.*, rank() over (partition by campaign_id, locality_id, day order by engagement desc, created_at) as n
    from ingest_matches s where is_new and reason is null and locality_id <> ''
  ) fresh where n <= ${TOP_POSTS_PER_DAY}
  union all
  select campaign_id, stored_locality, day, platform, external_id, url, engagement, created_at
  from ingest_matches where delta is not null and stored_counted and stored_locality <> ''`);

/**
 * Offers the candidates to the top-posts table and trims each touched (campaign, locality, day)
 * back to TOP_POSTS_PER_DAY: two statements, sent together. The trim reads each touched day
 * through top_posts_campaign_locality_day_idx (a lateral subquery with a window is never
 * flattened into a join): joined, the planner hashed the whole table, a cost growing with it.
 */
export function offerTopPosts(tx: Executor): Promise<unknown> {
  return Promise.all([
    tx.execute(sql`
    insert into top_posts (campaign_id, locality_id, day, platform, external_id, url, engagement, created_at)
    select * from (${CANDIDATES}) c
    on conflict (campaign_id, platform, external_id) do update set engagement = excluded.engagement`),
    tx.execute(sql`
    with touched as (
      select distinct campaign_id, locality_id, day from (${CANDIDATES}) c
    ), ranked as (
      select r.campaign_id, r.platform, r.external_id, r.n
      from touched cross join lateral (
        select t.campaign_id, t.platform, t.external_id,
          row_number() over (order by t.engagement desc, t.created_at, t.external_id) as n
        from top_posts t
        where t.campaign_id = touched.campaign_id and t.locality_id = touched.locality_id and t.day = touched.day
      ) r
    )
    delete from top_posts t using ranked r
    where r.n > ${TOP_POSTS_PER_DAY} and t.campaign_id = r.campaign_id and t.platform = r.platform and t.external_id = r.external_id`),
  ]);
}

export interface TopPost {
  localityId: string;
  platform: string;
  externalId: string;
  url: string | null;
  engagement: number;
  createdAt: string;
  /** Untrusted post text, cut to TOP_POST_TEXT_CHARS: render it as text, never as HTML. */
  text: string;
  author: string;
  /** The post's sentiment label (after any manual relabel); absent when the post row is gone. */
  sentiment?: SentimentLabel;
}

export const TOP_POST_TEXT_CHARS = 280;

/** The `perLocality` most engaging counted posts of each locality over the window's days. */
export async function topPostsInWindow(db: Executor, campaignId: string, days: { first: string; last: string }, perLocality = 3): Promise<TopPost[]> {
  // The text (posts) and the sentiment (post_matches) by primary key: a handful of lookups, whatever the tables' size.
  const rows = await queryRows<{
    locality_id: string;
    platform: string;
    external_id: string;
    url: string | null;
    engagement: number;
    created_at: string;
    text: string | null;
    author: string | null;
    sentiment: string | null;
  }>(
    db,
    sql`
    select ranked.locality_id, ranked.platform, ranked.external_id, ranked.url, ranked.engagement,
      to_char(ranked.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as created_at,
      left(p.text, ${TOP_POST_TEXT_CHARS}) as text, p.author_handle as author, m.sentiment_label as sentiment
    from (
      select *, row_number() over (partition by locality_id order by engagement desc, created_at, external_id) as n
      from top_posts
      where campaign_id = ${campaignId} and day >= ${days.first} and day <= ${days.last}
    ) ranked
    left join posts p on p.platform = ranked.platform and p.external_id = ranked.external_id and p.created_at = ranked.created_at
    left join post_matches m on m.campaign_id = ranked.campaign_id and m.platform = ranked.platform and m.external_id = ranked.external_id
    where ranked.n <= ${perLocality}
    order by ranked.locality_id, ranked.n`,
  );
  return rows.map((r) => ({
    localityId: r.locality_id,
    platform: r.platform,
    externalId: r.external_id,
    url: r.url,
    engagement: Number(r.engagement),
    createdAt: r.created_at,
    text: r.text ?? '',
    author: r.author ?? '',
    ...(isSentimentLabel(r.sentiment) ? { sentiment: r.sentiment } : {}),
  }));
}
