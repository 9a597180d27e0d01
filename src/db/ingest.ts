import { sql } from 'drizzle-orm';
import { sanitizeText } from '../analysis/text.js';
import { REASON_MAX } from '../error-reason.js';
import { localDay, NO_COUNTING_RULES, type CountingRules } from '../analysis/fairness.js';
import type { Match, NormalizedPost } from '../domain/types.js';
import { queryRows, type Db, type Executor, type Tx } from './client.js';
import { applyCounting, readCountingState } from './counting.js';
import { writing } from './rejections.js';
import { hourOf, matchKey, rollupDeltas, type EngagementChange } from './rollup-deltas.js';
import { offerTopPosts, TOP_POSTS_PER_DAY, type TopPostRow } from './top-posts.js';

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
 * Writes one page (or a batch of pages) in ONE transaction: posts (upsert; a re-seen post
 * refreshes its engagement), matches (new ones only) with whether each counts under the
 * challenge's fairness rules, rollups (new matches, plus engagement differences of re-seen ones),
 * top posts, quarantine rows and the source cursor. A failure anywhere rolls the whole page back,
 * so the cursor never moves past a post that is not stored.
 *
 * Rows travel as one JSON parameter expanded by json_to_recordset: one statement per table,
 * no bind-parameter limit, the same SQL on PGlite and on a Postgres server.
 *
 * Cost: two round trips of independent statements sent together (postgres.js pipelines the
 * queries of a transaction; PGlite runs them in turn), whatever the batch's size: first the posts
 * upsert, the new matches, the engagement refresh and the fairness reads; then, once the counting
 * is decided in JS, every rollup, top-post, quarantine and cursor write. Per-statement latency,
 * not rows, is what a small page pays for, so callers should batch pages (poll-source.ts).
 */
export async function ingestPage(db: Db, page: IngestPage): Promise<IngestResult> {
  return db.transaction(async (tx) => {
    const counting = page.counting ?? {};
    const matches = dedupeBy(page.matches, matchKey);
    // A new match's engagement equals the stored one, so the refresh returns re-seen matches only.
    const [{ inserted, updated }, newMatches, changes, states] = await Promise.all([
      writing('posts', upsertPosts(tx, page.sourceKey, page.posts)),
      writing('post_matches', insertMatches(tx, matches)),
      writing('post_matches', refreshMatchEngagement(tx, matches)),
      readCountingState(tx, matches, counting),
    ]);
    const decisions = await writing('counted_texts, post_matches', applyCounting(tx, newMatches, counting, states));
    const newKeys = new Set(newMatches.map(matchKey));
    const reseen = matches.filter((m) => !newKeys.has(matchKey(m)));
    const deltas = rollupDeltas(newMatches, changes, (m) => decisions.get(matchKey(m)) ?? { counted: true, day: localDay(m.createdAt, 'UTC') });
    await Promise.all([
      writing('rollups', bumpRollups(tx, deltas)),
      writing('top_posts', offerTopPosts(tx, topPostCandidates(newMatches, reseen, changes, decisions, counting))),
      writing('quarantine', insertQuarantine(tx, page.sourceKey, page.platform, page.quarantined)),
      page.cursor !== undefined || inserted > 0 || page.budget !== undefined
        ? writing('source_cursors', saveCursor(tx, page.sourceKey, page.cursor, inserted, page.budget))
        : undefined,
    ]);
    await page.afterWrite?.(tx, { newMatches });
    return { inserted, updated, newMatches, quarantined: page.quarantined.length };
  });
}

type Refreshed = EngagementChange & { platform: string; externalId: string; engagement: number };

/** Counted, attributed posts that may enter the top posts: new ones and re-seen ones whose engagement moved. */
function topPostCandidates(
  newMatches: readonly Match[],
  reseen: readonly Match[],
  changes: readonly Refreshed[],
  decisions: ReadonlyMap<string, { counted: boolean; day: string }>,
  counting: Readonly<Record<string, CountingRules>>,
): TopPostRow[] {
  const row = (m: Match, engagement: number): TopPostRow => ({
    campaignId: m.campaignId,
    localityId: m.attribution.localityId ?? '',
    day: localDay(m.createdAt, (counting[m.campaignId] ?? NO_COUNTING_RULES).timeZone),
    platform: m.platform,
    externalId: m.externalId,
    url: m.url,
    engagement,
    createdAt: m.createdAt.toISOString(),
  });
  const fresh = bestPerDay(newMatches.filter((m) => m.attribution.localityId && decisions.get(matchKey(m))?.counted).map((m) => row(m, m.engagement)));
  const byKey = new Map(reseen.map((m) => [matchKey(m), m]));
  const moved = changes
    .filter((c) => c.counted && c.localityId !== '')
    .map((c) => ({ c, m: byKey.get(matchKey({ campaignId: c.campaignId, platform: c.platform as Match['platform'], externalId: c.externalId })) }))
    .filter((x): x is { c: Refreshed; m: Match } => x.m !== undefined)
    .map(({ c, m }) => ({ ...row(m, c.engagement), localityId: c.localityId }));
  return [...fresh, ...moved];
}

/**
 * New posts beyond the batch's own TOP_POSTS_PER_DAY best of a (campaign, locality, day) could
 * only be inserted and trimmed again: they are left out (same order as the trim in top-posts.ts).
 */
function bestPerDay(rows: TopPostRow[]): TopPostRow[] {
  const groups = new Map<string, TopPostRow[]>();
  for (const r of rows) {
    const key = `${r.campaignId}\u0001${r.localityId}\u0001${r.day}`;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  const rank = (a: TopPostRow, b: TopPostRow) =>
    b.engagement - a.engagement || a.createdAt.localeCompare(b.createdAt) || (a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0);
  return [...groups.values()].flatMap((g) => {
    if (g.length <= TOP_POSTS_PER_DAY) return g;
    g.sort(rank);
    // Ties with the last kept row stay: the database's collation decides those.
    const last = g[TOP_POSTS_PER_DAY - 1] as TopPostRow;
    return g.filter((r, i) => i < TOP_POSTS_PER_DAY || (r.engagement === last.engagement && r.createdAt === last.createdAt));
  });
}

const json = (rows: unknown[]) => JSON.stringify(rows);

async function upsertPosts(tx: Executor, sourceKey: string, posts: readonly NormalizedPost[]) {
  if (posts.length === 0) return { inserted: 0, updated: 0 };
  const rows = dedupeBy(posts, (p) => `${p.platform}\u0001${p.externalId}`).map((p) => ({
    platform: p.platform,
    external_id: p.externalId,
    url: p.url,
    author_id: p.authorId,
    author_handle: p.authorHandle,
    author_name: p.authorName,
    author_location: p.authorLocation,
    author_followers: p.authorFollowers,
    text: p.text,
    lang: p.lang,
    created_at: p.createdAt.toISOString(),
    likes: p.engagement.likes,
    reposts: p.engagement.reposts,
    replies: p.engagement.replies,
    quotes: p.engagement.quotes,
    views: p.engagement.views,
    hashtags: p.hashtags.join(' '),
    lat: p.geo?.lat ?? null,
    lon: p.geo?.lon ?? null,
    place_name: p.placeName,
  }));
  const result = await queryRows<{ inserted: boolean }>(
    tx,
    sql`
    insert into posts (platform, external_id, url, author_id, author_handle, author_name, author_location,
      author_followers, text, lang, created_at, likes, reposts, replies, quotes, views, hashtags, lat, lon,
      place_name, source_key)
    select platform, external_id, url, author_id, author_handle, author_name, author_location,
      author_followers, text, lang, created_at, likes, reposts, replies, quotes, views,
      coalesce(string_to_array(nullif(hashtags, ''), ' '), '{}'), lat, lon, place_name, ${sourceKey}
    from json_to_recordset(${json(rows)}::json) as r(platform text, external_id text, url text, author_id text,
      author_handle text, author_name text, author_location text, author_followers int, text text, lang text,
      created_at timestamptz, likes int8, reposts int8, replies int8, quotes int8, views int8, hashtags text,
      lat float8, lon float8, place_name text)
    on conflict (platform, external_id, created_at) do update set
      likes = excluded.likes, reposts = excluded.reposts, replies = excluded.replies,
      quotes = excluded.quotes, views = excluded.views, author_followers = excluded.author_followers,
      last_seen_at = now()
    returning (first_seen_at = now()) as inserted`,
  );
  // first_seen_at defaults to now(), the transaction's start: equal only for rows this page inserted
  // (xmax cannot be read through a partitioned table).
  const inserted = result.filter((r) => r.inserted).length;
  return { inserted, updated: result.length - inserted };
}

async function insertMatches(tx: Executor, matches: readonly Match[]): Promise<Match[]> {
  if (matches.length === 0) return [];
  const unique = matches;
  const rows = unique.map((m) => ({
    campaign_id: m.campaignId,
    platform: m.platform,
    external_id: m.externalId,
    author_key: m.authorKey,
    created_at: m.createdAt.toISOString(),
    hour: hourOf(m.createdAt),
    locality_id: m.attribution.localityId ?? '',
    method: m.attribution.method,
    confidence: m.attribution.confidence,
    hashtags: m.hashtags.join(' '),
    sentiment: m.sentiment.score,
    sentiment_label: m.sentiment.label,
    sentiment_lang: m.sentiment.lang,
    sentiment_confidence: m.sentiment.confidence,
    engagement: m.engagement,
  }));
  const inserted = await queryRows<{ campaign_id: string; platform: string; external_id: string }>(
    tx,
    sql`
    insert into post_matches (campaign_id, platform, external_id, author_key, created_at, hour, locality_id,
      method, confidence, hashtags, sentiment, sentiment_label, sentiment_lang, sentiment_confidence, engagement)
    select campaign_id, platform, external_id, author_key, created_at, hour, locality_id, method, confidence,
      coalesce(string_to_array(nullif(hashtags, ''), ' '), '{}'), sentiment, sentiment_label, sentiment_lang,
      sentiment_confidence, engagement
    from json_to_recordset(${json(rows)}::json) as r(campaign_id text, platform text, external_id text,
      author_key text, created_at timestamptz, hour timestamptz, locality_id text, method text, confidence real,
      hashtags text, sentiment real, sentiment_label text, sentiment_lang text, sentiment_confidence real,
      engagement int8)
    on conflict do nothing
    returning campaign_id, platform, external_id`,
  );
  const insertedKeys = new Set(
    inserted.map((r) => matchKey({ campaignId: r.campaign_id, platform: r.platform as Match['platform'], externalId: r.external_id })),
  );
  return unique.filter((m) => insertedKeys.has(matchKey(m)));
}

/** Stores the latest engagement on already-known matches and returns how much each one moved. */
async function refreshMatchEngagement(tx: Executor, matches: readonly Match[]): Promise<Refreshed[]> {
  if (matches.length === 0) return [];
  const rows = matches.map((m) => ({
    campaign_id: m.campaignId,
    platform: m.platform,
    external_id: m.externalId,
    engagement: m.engagement,
  }));
  const changed = await queryRows<{
    campaign_id: string;
    platform: string;
    external_id: string;
    locality_id: string;
    hour: string;
    engagement: number;
    delta: number;
    counted: boolean;
  }>(
    tx,
    sql`
    with v as (
      select * from json_to_recordset(${json(rows)}::json)
        as r(campaign_id text, platform text, external_id text, engagement int8)
    ), old as (
      select m.campaign_id, m.platform, m.external_id, m.engagement as old_engagement
      from post_matches m join v using (campaign_id, platform, external_id)
      where m.engagement <> v.engagement
      for update of m
    )
    update post_matches m set engagement = v.engagement
    from v join old using (campaign_id, platform, external_id)
    where m.campaign_id = v.campaign_id and m.platform = v.platform and m.external_id = v.external_id
    returning m.campaign_id, m.platform, m.external_id, m.locality_id,
      to_char(m.hour at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.000"Z"') as hour,
      m.engagement, (v.engagement - old.old_engagement)::float8 as delta, m.counted`,
  );
  return changed.map((r) => ({
    campaignId: r.campaign_id,
    platform: r.platform,
    externalId: r.external_id,
    localityId: r.locality_id,
    hour: r.hour,
    engagement: Number(r.engagement),
    delta: Number(r.delta),
    counted: r.counted === true || (r.counted as unknown) === 't',
  }));
}

async function bumpRollups(tx: Executor, deltas: ReturnType<typeof rollupDeltas>): Promise<void> {
  const writes: Promise<unknown>[] = [];
  if (deltas.rollups.length > 0) {
    writes.push(
      tx.execute(sql`
      insert into rollups (campaign_id, locality_id, hour, posts, engagement, sentiment_sum, positive, negative,
        counted_posts, counted_engagement, counted_sentiment_sum, counted_positive, counted_negative)
      select "campaignId", "localityId", hour, posts, engagement, "sentimentSum", positive, negative,
        "countedPosts", "countedEngagement", "countedSentimentSum", "countedPositive", "countedNegative"
      from json_to_recordset(${json(deltas.rollups)}::json) as r("campaignId" text, "localityId" text,
        hour timestamptz, posts int, engagement int8, "sentimentSum" float8, positive int, negative int,
        "countedPosts" int, "countedEngagement" int8, "countedSentimentSum" float8, "countedPositive" int, "countedNegative" int)
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
    );
  }
  if (deltas.hashtags.length > 0) {
    writes.push(
      tx.execute(sql`
      insert into hashtag_rollups (campaign_id, hashtag, hour, posts)
      select "campaignId", hashtag, hour, posts
      from json_to_recordset(${json(deltas.hashtags)}::json) as r("campaignId" text, hashtag text, hour timestamptz, posts int)
      on conflict (campaign_id, hashtag, hour) do update set posts = hashtag_rollups.posts + excluded.posts`),
    );
  }
  if (deltas.authorDays.length > 0) {
    // One statement, so that it sees a challenge window registered (db/window-authors.ts) by the
    // time it may write author_days: a window is either back-filled with these rows or sees them here.
    writes.push(
      tx.execute(sql`
      with d as (
        select * from json_to_recordset(${json(deltas.authorDays)}::json) as r("campaignId" text, "localityId" text,
          "authorKey" text, day text, posts int, counted int)
      ), days as (
        insert into author_days (campaign_id, locality_id, author_key, day, posts, counted)
        select "campaignId", "localityId", "authorKey", day, posts, counted from d
        on conflict (campaign_id, locality_id, day, author_key) do update set
          posts = author_days.posts + excluded.posts, counted = author_days.counted + excluded.counted
      ), seen as (
        insert into window_authors (campaign_id, first_day, last_day, locality_id, author_key)
        select distinct w.campaign_id, w.first_day, w.last_day, d."localityId", d."authorKey"
        from d join challenge_windows w on w.campaign_id = d."campaignId" and d.day between w.first_day and w.last_day
        where d.counted > 0
        on conflict do nothing
        returning campaign_id, first_day, last_day, locality_id
      )
      insert into window_author_counts (campaign_id, first_day, last_day, locality_id, authors)
      select campaign_id, first_day, last_day, locality_id, count(*)::int from seen group by 1, 2, 3, 4
      on conflict (campaign_id, first_day, last_day, locality_id) do update set
        authors = window_author_counts.authors + excluded.authors`),
    );
  }
  await Promise.all(writes);
}

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
