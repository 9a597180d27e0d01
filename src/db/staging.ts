import { sql } from 'drizzle-orm';
import { localDay, NO_COUNTING_RULES, type CountingRules } from '../analysis/fairness.js';
import type { Match, NormalizedPost } from '../domain/types.js';
import type { Executor } from './client.js';
import { hourOf } from './rollup-deltas.js';

/**
 * The staging tables of the set-based write path (db/ingest.ts): a batch's posts and matches
 * arrive here in ONE statement, and every stored table is derived from them by INSERT … SELECT in
 * the same transaction. They are temporary (one per connection, never logged, invisible to other
 * sessions) and emptied at commit; `ingest_matches` also carries what the transaction learns about
 * each match (new or re-seen, why it does not count, how far its engagement moved).
 *
 * Column types are the stored tables' own, so a value the database refuses (an int out of range,
 * a NUL byte) is refused here, with the same message, and quarantined by db/ingest-rejects.ts.
 */
const CREATE = sql.raw(`do $$ begin
  create temp table if not exists ingest_posts (
    platform text not null, external_id text not null, url text, author_id text not null,
    author_handle text not null, author_name text, author_location text, author_followers int,
    text text not null, lang text, created_at timestamptz not null, likes int8 not null, reposts int8 not null,
    replies int8 not null, quotes int8 not null, views int8, hashtags text[] not null, lat float8, lon float8,
    place_name text
  ) on commit delete rows;
  create temp table if not exists ingest_matches (
    campaign_id text not null, platform text not null, external_id text not null, author_key text not null,
    created_at timestamptz not null, hour timestamptz not null, locality_id text not null, method text not null,
    confidence real not null, hashtags text[] not null, sentiment float8 not null, sentiment_label text not null,
    sentiment_lang text not null, sentiment_confidence real not null, engagement int8 not null, url text,
    text_hash text not null,
    -- the day in the challenge's time zone; whether the daily cap and the duplicate-text rule apply
    day text not null, capped boolean not null, dedupe boolean not null,
    -- learnt in the transaction: stored by it; the fairness reason it does not count; for a re-seen
    -- match whose engagement moved, by how much, and its stored town, hour and counted flag
    is_new boolean not null default false, reason text, delta int8, stored_locality text,
    stored_hour timestamptz, stored_counted boolean
  ) on commit delete rows;
end $$`);

const json = (rows: unknown[]) => JSON.stringify(rows);

/**
 * Creates the staging tables if this connection has none yet and loads the batch into them: one
 * statement, one JSON parameter per table (no bind-parameter limit, the same SQL on PGlite and on
 * a server). Rows left by an earlier ingest of the same transaction (a savepoint of the
 * quarantine probe) are deleted first. Posts and matches are deduplicated by the caller.
 */
export function stageBatch(
  tx: Executor,
  posts: readonly NormalizedPost[],
  matches: readonly Match[],
  counting: Readonly<Record<string, CountingRules>>,
): Promise<unknown> {
  const postRows = posts.map((p) => ({
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
  const matchRows = matches.map((m) => {
    const rules = counting[m.campaignId] ?? NO_COUNTING_RULES;
    return {
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
      url: m.url,
      text_hash: m.textHash,
      day: localDay(m.createdAt, rules.timeZone),
      capped: rules.capPerAuthorPerDay !== null,
      dedupe: rules.dedupeTexts,
    };
  });
  // Both sent at once, in this order (a statement is parsed once the one before it has run).
  return Promise.all([
    tx.execute(CREATE),
    tx.execute(sql`
    with clear_posts as (delete from ingest_posts), clear_matches as (delete from ingest_matches),
    staged_posts as (
      insert into ingest_posts
      select platform, external_id, url, author_id, author_handle, author_name, author_location, author_followers,
        text, lang, created_at, likes, reposts, replies, quotes, views,
        coalesce(string_to_array(nullif(hashtags, ''), ' '), '{}'), lat, lon, place_name
      from jsonb_to_recordset(${json(postRows)}::jsonb) as r(platform text, external_id text, url text, author_id text,
        author_handle text, author_name text, author_location text, author_followers int, text text, lang text,
        created_at timestamptz, likes int8, reposts int8, replies int8, quotes int8, views int8, hashtags text,
        lat float8, lon float8, place_name text)
    )
    insert into ingest_matches (campaign_id, platform, external_id, author_key, created_at, hour, locality_id, method,
      confidence, hashtags, sentiment, sentiment_label, sentiment_lang, sentiment_confidence, engagement, url,
      text_hash, day, capped, dedupe)
    select campaign_id, platform, external_id, author_key, created_at, hour, locality_id, method, confidence,
      coalesce(string_to_array(nullif(hashtags, ''), ' '), '{}'), sentiment, sentiment_label, sentiment_lang,
      sentiment_confidence, engagement, url, text_hash, day, capped, dedupe
    from jsonb_to_recordset(${json(matchRows)}::jsonb) as r(campaign_id text, platform text, external_id text,
      author_key text, created_at timestamptz, hour timestamptz, locality_id text, method text, confidence real,
      hashtags text, sentiment float8, sentiment_label text, sentiment_lang text, sentiment_confidence real,
      engagement int8, url text, text_hash text, day text, capped boolean, dedupe boolean)`),
  ]);
}
