import { sql } from 'drizzle-orm';
import { sanitizeText } from '../analysis/text.js';
import { REASON_MAX } from '../error-reason.js';
import type { CountingRules } from '../analysis/fairness.js';
import type { Match, NormalizedPost } from '../domain/types.js';
import { queryRows, type Db, type Executor, type Tx } from './client.js';
import { applyCounting, lockCounting, readCountingState } from './counting.js';
import { writing } from './rejections.js';
import { matchKey } from './rollup-deltas.js';
import { postValues, stageBatch } from './staging.js';
import { offerTopPosts } from './top-posts.js';

export interface QuarantinedItem {
  reason: string;
  payload: string;
}

export interface IngestPage {
  sourceKey: string;
  platform: string;
  posts: readonly NormalizedPost[];
  matches: readonly Match[];
  quarantined: readonly QuarantinedItem[];
  /** The cursor to store once this page is written; undefined keeps the stored one. */
  cursor?: string | null;
  budget?: unknown;
  /** Fairness rules per campaign id (CampaignAnalyzer.counting); a campaign without counts every post. */
  counting?: Readonly<Record<string, CountingRules>>;
  /** Runs inside the page's transaction once its rows are written (spike detection); a throw rolls the page back. */
  afterWrite?: (tx: Tx, written: { newMatches: Match[] }) => Promise<void>;
}

export interface IngestResult {
  inserted: number;
  updated: number;
  newMatches: Match[];
  quarantined: number;
}

/**
 * Writes one page (or a batch of pages) in ONE transaction, set-based: the batch's matches go to
 * the server as one statement into a temporary staging table (db/staging.ts), its posts are
 * upserted straight from their parameters, and every other stored table is derived from the
 * staged matches by INSERT … SELECT … ON CONFLICT: matches (new ones only), whether each new match
 * counts under the challenge's fairness rules, engagement changes of re-seen matches, rollups,
 * hashtag rollups, author days and window authors, top posts, quarantine rows and the source
 * cursor. A failure anywhere rolls the whole page back, so the cursor never moves past a post
 * that is not stored, and a page written again changes nothing but engagement.
 *
 * Order: statements reach the server in the order their queries are awaited (a drizzle query
 * starts only then), so each is issued from an async function or a Promise.all, in code order.
 * Cost: two rounds whatever the batch's size: the staging load, the fairness lock, the posts
 * upsert, the new matches, the engagement refresh and the fairness reads; then, once the counting
 * is decided in JS (analysis/fairness.ts, the one place it is decided), the derivations.
 * postgres.js sends a statement without parameters right behind the one before; one with
 * parameters waits a round trip for their types, so only the statements that carry the batch
 * have any. Each statement reads the staged rows, never the parameters again, and reads a stored
 * table only by index lookups per staged key (a temporary table has no statistics: a join could
 * hash a whole table, a cost growing with the campaign). Per-statement latency, not rows, is what
 * a small page pays for, so callers should batch pages (jobs/page-batches.ts). Where the time
 * goes, statement by statement: bench/write-path-profile.ts.
 */
export async function ingestPage(db: Db, page: IngestPage): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    const counting = page.counting ?? {};
    const matches = dedupeBy(page.matches, matchKey);
    const posts = dedupeBy(page.posts, (p) => `${p.platform}\u0001${p.externalId}`);
    // Sent in this order, together: each statement sees what the ones before it wrote.
    const [, , { inserted, updated }, newKeys, , states] = await Promise.all([
      // Only matches are staged: a batch without any has nothing to derive.
      matches.length > 0 ? writing('post_matches', stageBatch(tx, matches, counting)) : undefined,
      matches.length > 0 ? lockCounting(tx) : undefined,
      writing('posts', upsertPosts(tx, page.sourceKey, posts)),
      writing('post_matches', insertMatches(tx, matches.length)),
      writing('post_matches', refreshMatchEngagement(tx, matches.length)),
      matches.length > 0 ? readCountingState(tx) : new Map(),
    ]);
    const newMatches = matches.filter((m) => newKeys.has(matchKey(m)));
    const { written } = applyCounting(tx, newMatches, counting, states);
    await Promise.all([
      writing('counted_texts, post_matches', written),
      matches.length > 0 ? writing('rollups', bumpRollups(tx)) : undefined,
      matches.length > 0 ? writing('top_posts', offerTopPosts(tx)) : undefined,
      writing('quarantine', insertQuarantine(tx, page.sourceKey, page.platform, page.quarantined)),
      page.cursor !== undefined || inserted > 0 || page.budget !== undefined
        ? writing('source_cursors', saveCursor(tx, page.sourceKey, page.cursor, inserted, page.budget))
        : undefined,
    ]);
    await page.afterWrite?.(tx, { newMatches });
    return { inserted, updated, newMatches, quarantined: page.quarantined.length };
  });
}

async function upsertPosts(tx: Executor, sourceKey: string, posts: readonly NormalizedPost[]) {
  if (posts.length === 0) return { inserted: 0, updated: 0 };
  // first_seen_at defaults to now(), the transaction's start: equal only for rows this page inserted
  // (xmax cannot be read through a partitioned table).
  const [row] = await queryRows<{ inserted: number; total: number }>(
    tx,
    sql`
    with upserted as (
      insert into posts (platform, external_id, url, author_id, author_handle, author_name, author_location,
        author_followers, text, lang, created_at, likes, reposts, replies, quotes, views, hashtags, lat, lon,
        place_name, source_key)
      select platform, external_id, url, author_id, author_handle, author_name, author_location,
        author_followers, text, lang, created_at, likes, reposts, replies, quotes, views, hashtags, lat, lon,
        place_name, ${sourceKey}
      from (${postValues(posts)}) p
      on conflict (platform, external_id, created_at) do update set
        likes = excluded.likes, reposts = excluded.reposts, replies = excluded.replies,
        quotes = excluded.quotes, views = excluded.views, author_followers = excluded.author_followers,
        last_seen_at = now()
      returning (first_seen_at = now()) as inserted
    )
    select (count(*) filter (where inserted))::int as inserted, count(*)::int as total from upserted`,
  );
  const inserted = Number(row?.inserted ?? 0);
  return { inserted, updated: Number(row?.total ?? 0) - inserted };
}

/** Stores the staged matches not stored yet, marks them new on the staging rows, and returns their keys. */
async function insertMatches(tx: Executor, count: number): Promise<Set<string>> {
  if (count === 0) return new Set();
  const inserted = await queryRows<{ campaign_id: string; platform: string; external_id: string }>(
    tx,
    sql`
    with inserted as (
      insert into post_matches (campaign_id, platform, external_id, author_key, created_at, hour, locality_id,
        method, confidence, hashtags, sentiment, sentiment_label, sentiment_lang, sentiment_confidence, engagement)
      select campaign_id, platform, external_id, author_key, created_at, hour, locality_id, method, confidence,
        hashtags, sentiment, sentiment_label, sentiment_lang, sentiment_confidence, engagement
      from ingest_matches
      on conflict do nothing
      returning campaign_id, platform, external_id
    )
    update ingest_matches s set is_new = true from inserted i
    where s.campaign_id = i.campaign_id and s.platform = i.platform and s.external_id = i.external_id
    returning s.campaign_id, s.platform, s.external_id`,
  );
  return new Set(inserted.map((r) => matchKey({ campaignId: r.campaign_id, platform: r.platform as Match['platform'], externalId: r.external_id })));
}

/**
 * Stores the latest engagement on re-seen matches whose engagement moved, and records on their
 * staging rows by how much, with the town, hour and counted flag they are stored under (the
 * rollups and top posts move under those). Each re-seen match is looked up by primary key (a
 * lateral subquery with FOR UPDATE is never flattened into a join): the staging table has no
 * statistics, and a join let the planner hash the whole of post_matches, a cost growing with it.
 */
async function refreshMatchEngagement(tx: Executor, count: number): Promise<void> {
  if (count === 0) return;
  await tx.execute(sql`
    with old as (
      select m.campaign_id, m.platform, m.external_id, s.engagement - m.engagement as delta, m.locality_id, m.hour, m.counted
      from ingest_matches s cross join lateral (
        select * from post_matches m
        where m.campaign_id = s.campaign_id and m.platform = s.platform and m.external_id = s.external_id
          and m.engagement <> s.engagement
        for update
      ) m
      where not s.is_new
    ), refreshed as (
      update post_matches m set engagement = m.engagement + old.delta
      from old
      where m.campaign_id = old.campaign_id and m.platform = old.platform and m.external_id = old.external_id
    )
    update ingest_matches s set delta = old.delta, stored_locality = old.locality_id, stored_hour = old.hour,
      stored_counted = old.counted
    from old
    where s.campaign_id = old.campaign_id and s.platform = old.platform and s.external_id = old.external_id`);
}

/**
 * The rollups of the staged batch: new matches (all of them, and the counted ones), plus the
 * engagement differences of re-seen ones; hashtag rollups; author days, and the window authors
 * they add. Three statements, sent together.
 */
function bumpRollups(tx: Executor): Promise<unknown> {
  return Promise.all([
    tx.execute(sql`
    insert into rollups (campaign_id, locality_id, hour, posts, engagement, sentiment_sum, positive, negative,
      counted_posts, counted_engagement, counted_sentiment_sum, counted_positive, counted_negative)
    select campaign_id, locality_id, hour, sum(posts), sum(engagement), sum(sentiment), sum(positive), sum(negative),
      coalesce(sum(posts) filter (where counted), 0), coalesce(sum(engagement) filter (where counted), 0),
      coalesce(sum(sentiment) filter (where counted), 0), coalesce(sum(positive) filter (where counted), 0),
      coalesce(sum(negative) filter (where counted), 0)
    from (
      select campaign_id, locality_id, hour, 1 as posts, engagement, sentiment,
        (sentiment_label = 'positive')::int as positive, (sentiment_label = 'negative')::int as negative,
        reason is null as counted
      from ingest_matches where is_new
      union all
      select campaign_id, stored_locality, stored_hour, 0, delta, 0, 0, 0, stored_counted
      from ingest_matches where delta is not null
    ) d
    group by campaign_id, locality_id, hour
    on conflict (campaign_id, locality_id, hour) do update set
      posts = rollups.posts + excluded.posts,
      engagement = rollups.engagement + excluded.engagement,
      sentiment_sum = rollups.sentiment_sum + excluded.sentiment_sum,
      positive = rollups.positive + excluded.positive,
      negative = rollups.negative + excluded.negative,
      counted_posts = rollups.counted_posts + excluded.counted_posts,
      counted_engagement = rollups.counted_engagement + excluded.counted_engagement,
      counted_sentiment_sum = rollups.counted_sentiment_sum + excluded.counted_sentiment_sum,
      counted_positive = rollups.counted_positive + excluded.counted_positive,
      counted_negative = rollups.counted_negative + excluded.counted_negative`),
    tx.execute(sql`
    insert into hashtag_rollups (campaign_id, hashtag, hour, posts)
    select campaign_id, tag, hour, count(*)::int from ingest_matches, unnest(hashtags) as tag
    where is_new group by campaign_id, tag, hour
    on conflict (campaign_id, hashtag, hour) do update set posts = hashtag_rollups.posts + excluded.posts`),
    // One statement, so that it sees a challenge window registered (db/window-authors.ts) by the
    // time it may write author_days: a window is either back-filled with these rows or sees them here.
    tx.execute(sql`
    with d as (
      select campaign_id, locality_id, author_key, day, count(*)::int as posts,
        (count(*) filter (where reason is null))::int as counted
      from ingest_matches where is_new
      group by campaign_id, locality_id, author_key, day
    ), days as (
      insert into author_days (campaign_id, locality_id, author_key, day, posts, counted)
      select campaign_id, locality_id, author_key, day, posts, counted from d
      on conflict (campaign_id, locality_id, day, author_key) do update set
        posts = author_days.posts + excluded.posts, counted = author_days.counted + excluded.counted
    ), seen as (
      insert into window_authors (campaign_id, first_day, last_day, locality_id, author_key)
      select distinct w.campaign_id, w.first_day, w.last_day, d.locality_id, d.author_key
      from d join challenge_windows w on w.campaign_id = d.campaign_id and d.day between w.first_day and w.last_day
      where d.counted > 0
      on conflict do nothing
      returning campaign_id, first_day, last_day, locality_id
    )
    insert into window_author_counts (campaign_id, first_day, last_day, locality_id, authors)
    select campaign_id, first_day, last_day, locality_id, count(*)::int from seen group by 1, 2, 3, 4
    on conflict (campaign_id, first_day, last_day, locality_id) do update set
      authors = window_author_counts.authors + excluded.authors`),
  ]);
}

const json = (rows: unknown[]) => JSON.stringify(rows);

/** A quarantined item's payload is kept whole up to this size (a hostile item may weigh megabytes). */
const QUARANTINE_PAYLOAD_MAX = 100_000;

async function insertQuarantine(tx: Executor, sourceKey: string, platform: string, items: readonly QuarantinedItem[]) {
  if (items.length === 0) return;
  const rows = items.map((item) => ({ reason: sanitizeText(item.reason, REASON_MAX), payload: sanitizeText(item.payload, QUARANTINE_PAYLOAD_MAX) }));
  await tx.execute(sql`
    insert into quarantine (source_key, platform, reason, payload)
    select ${sourceKey}, ${platform}, reason, payload
    from json_to_recordset(${json(rows)}::json) as r(reason text, payload text)`);
}

async function saveCursor(tx: Executor, sourceKey: string, cursor: string | null | undefined, inserted: number, budget: unknown) {
  const budgetJson = budget === undefined ? null : JSON.stringify(budget);
  await tx.execute(sql`
    insert into source_cursors (source_key, cursor, posts_total, budget, updated_at, last_new_post_at)
    values (${sourceKey}, ${cursor ?? null}, ${inserted}, ${budgetJson}::jsonb, now(), case when ${inserted} > 0 then now() end)
    on conflict (source_key) do update set
      cursor = case when ${cursor !== undefined} then excluded.cursor else source_cursors.cursor end,
      posts_total = source_cursors.posts_total + excluded.posts_total,
      budget = coalesce(excluded.budget, source_cursors.budget),
      last_new_post_at = coalesce(excluded.last_new_post_at, source_cursors.last_new_post_at),
      updated_at = now()`);
}

function dedupeBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) seen.set(key(item), item);
  return [...seen.values()];
}
