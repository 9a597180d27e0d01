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
 * statement, one `jsonb` parameter per table (no bind-parameter limit, the same SQL on PGlite and
 * on a server). Each row is a JSON array, its values in the column order below, rather than an
 * object: the keys made half the bytes, and building and parsing them cost the worker ~15 ms and
 * the server ~9 ms per 1,000 posts (bench/write-path-profile.ts). Not COPY: postgres.js loses an
 * error raised after the copied data ends, and the write never settles (docs/ARCHITECTURE.md).
 * Rows left by an earlier ingest of the same transaction (a savepoint of the quarantine probe)
 * are deleted first. Posts and matches are deduplicated by the caller.
 */
export function stageBatch(
  tx: Executor,
  posts: readonly NormalizedPost[],
  matches: readonly Match[],
  counting: Readonly<Record<string, CountingRules>>,
): Promise<unknown> {
  const postRows = posts.map((p) => [
    p.platform,
    p.externalId,
    p.url,
    p.authorId,
    p.authorHandle,
    p.authorName,
    p.authorLocation,
    p.authorFollowers,
    p.text,
    p.lang,
    p.createdAt.toISOString(),
    p.engagement.likes,
    p.engagement.reposts,
    p.engagement.replies,
    p.engagement.quotes,
    p.engagement.views,
    p.hashtags.join(' '),
    p.geo?.lat ?? null,
    p.geo?.lon ?? null,
    p.placeName,
  ]);
  const matchRows = matches.map((m) => {
    const rules = counting[m.campaignId] ?? NO_COUNTING_RULES;
    return [
      m.campaignId,
      m.platform,
      m.externalId,
      m.authorKey,
      m.createdAt.toISOString(),
      hourOf(m.createdAt),
      m.attribution.localityId ?? '',
      m.attribution.method,
      m.attribution.confidence,
      m.hashtags.join(' '),
      m.sentiment.score,
      m.sentiment.label,
      m.sentiment.lang,
      m.sentiment.confidence,
      m.engagement,
      m.url,
      m.textHash,
      localDay(m.createdAt, rules.timeZone),
      rules.capPerAuthorPerDay !== null,
      rules.dedupeTexts,
    ];
  });
  // Both sent at once, in this order (a statement is parsed once the one before it has run).
  return Promise.all([
    tx.execute(CREATE),
    tx.execute(sql`
    with clear_posts as (delete from ingest_posts), clear_matches as (delete from ingest_matches),
    staged_posts as (
      insert into ingest_posts
      select r->>0, r->>1, r->>2, r->>3, r->>4, r->>5, r->>6, (r->>7)::int, r->>8, r->>9, (r->>10)::timestamptz,
        (r->>11)::int8, (r->>12)::int8, (r->>13)::int8, (r->>14)::int8, (r->>15)::int8,
        coalesce(string_to_array(nullif(r->>16, ''), ' '), '{}'), (r->>17)::float8, (r->>18)::float8, r->>19
      from jsonb_array_elements(${json(postRows)}::jsonb) as r
    )
    insert into ingest_matches (campaign_id, platform, external_id, author_key, created_at, hour, locality_id, method,
      confidence, hashtags, sentiment, sentiment_label, sentiment_lang, sentiment_confidence, engagement, url,
      text_hash, day, capped, dedupe)
    select r->>0, r->>1, r->>2, r->>3, (r->>4)::timestamptz, (r->>5)::timestamptz, r->>6, r->>7, (r->>8)::real,
      coalesce(string_to_array(nullif(r->>9, ''), ' '), '{}'), (r->>10)::float8, r->>11, r->>12, (r->>13)::real,
      (r->>14)::int8, r->>15, r->>16, r->>17, (r->>18)::boolean, (r->>19)::boolean
    from jsonb_array_elements(${json(matchRows)}::jsonb) as r`),
  ]);
}
