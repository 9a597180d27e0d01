import { sql, type SQL } from 'drizzle-orm';
import { localDay, NO_COUNTING_RULES, type CountingRules } from '../analysis/fairness.js';
import type { Match, NormalizedPost } from '../domain/types.js';
import type { Executor } from './client.js';
import { hourOf } from './rollup-deltas.js';

/**
 * The staging of the set-based write path (db/ingest.ts): a batch's matches arrive in a temporary
 * table in ONE statement, and the stored tables are derived from them by INSERT … SELECT in the
 * same transaction; the posts upsert reads its rows from `postValues`, straight from the
 * parameters. The table is temporary (one per connection, never logged, invisible to other
 * sessions) and emptied at commit; it also carries what the transaction learns about each match
 * (new or re-seen, why it does not count, how far its engagement moved).
 *
 * Column types are the stored tables' own, so a value the database refuses (an int out of range,
 * a NUL byte) is refused with the same message, and quarantined by db/ingest-rejects.ts.
 */
const CREATE = sql.raw(`do $$ begin
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

/** One staged value, before it is written as text. */
type Cell = string | number | boolean | null;

/**
 * A batch's column as ONE text parameter: every value preceded by `sep`, a NULL written as `nul`
 * (split back by `string_to_array(text, sep, nul)`, its first, empty, element dropped). A
 * non-finite number goes as NULL, as it did in JSON.
 */
const columnText = (rows: readonly Cell[][], column: number, sep: string, nul: string) =>
  rows
    .map((r) => {
      const v = r[column] ?? null;
      return sep + (v === null || (typeof v === 'number' && !Number.isFinite(v)) ? nul : String(v));
    })
    .join('');

/** Private-use code points: ~137,000 candidates for absentMarkers. */
const PRIVATE_USE: readonly (readonly [number, number])[] = [
  [0xe000, 0xf8ff],
  [0xf0000, 0xffffd],
  [0x100000, 0x10fffd],
];

/**
 * Two characters that occur in none of the batch's values, from the private-use areas: a batch
 * would need every one of ~137,000 rare characters to leave none. The first two nearly always do.
 */
export function absentMarkers(rows: readonly Cell[][]): [string, string] {
  const texts = rows.flatMap((r) => r.filter((v): v is string => typeof v === 'string'));
  const found: string[] = [];
  for (const [from, to] of PRIVATE_USE) {
    for (let code = from; code <= to; code++) {
      const c = String.fromCodePoint(code);
      if (texts.some((t) => t.includes(c))) continue;
      found.push(c);
      if (found.length === 2) return [found[0] as string, c];
    }
  }
  throw new Error('cannot stage this batch: its values use every private-use character, so none is left as a separator');
}

/** A staged column of hashtags (joined by spaces) as a text array. */
const tags = (column: string) => sql.raw(`coalesce(string_to_array(nullif(${column}, ''), ' '), '{}')`);

/** The batch's columns as `unnest(…) as u(c0, c1, …)`, each split from its one text parameter. */
function unnestColumns(rows: readonly Cell[][], width: number): SQL {
  const [sep, nul] = absentMarkers(rows);
  const arrays = Array.from({ length: width }, (_, i) => sql`(string_to_array(${columnText(rows, i, sep, nul)}::text, k.sep, k.nul))[2:]`);
  const names = Array.from({ length: width }, (_, i) => `c${i}`).join(', ');
  return sql`(select ${sep}::text as sep, ${nul}::text as nul) k, unnest(${sql.join(arrays, sql`, `)}) as ${sql.raw(`u(${names})`)}`;
}

/**
 * Creates the staging table if this connection has none yet and loads the batch's matches: one
 * statement, one text parameter per column (no bind-parameter limit, the same SQL on PGlite and
 * on a server), split by `string_to_array` on a separator that occurs in no value of the batch
 * (absentMarkers). Postgres splits text for a fraction of what parsing JSON costs it: the same
 * 800 posts took 2.8 ms of server CPU, against 9.5 as `jsonb` arrays (and 5.5 ms of Node's to
 * build, against 8.5). Not COPY: postgres.js loses an error raised after the copied data ends,
 * and the write never settles (docs/ARCHITECTURE.md). Rows left by an earlier ingest of the same
 * transaction (a savepoint of the quarantine probe) are deleted first. Matches are deduplicated
 * by the caller.
 */
export function stageBatch(tx: Executor, matches: readonly Match[], counting: Readonly<Record<string, CountingRules>>): Promise<unknown> {
  const matchRows = matches.map((m): Cell[] => {
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
    with clear_matches as (delete from ingest_matches)
    insert into ingest_matches (campaign_id, platform, external_id, author_key, created_at, hour, locality_id, method,
      confidence, hashtags, sentiment, sentiment_label, sentiment_lang, sentiment_confidence, engagement, url,
      text_hash, day, capped, dedupe)
    select c0, c1, c2, c3, c4::timestamptz, c5::timestamptz, c6, c7, c8::real,
      ${tags('c9')}, c10::float8, c11, c12, c13::real,
      c14::int8, c15, c16, c17, c18::boolean, c19::boolean
    from ${unnestColumns(matchRows, 20)}`),
  ]);
}

/**
 * The batch's posts as rows of the posts table's columns (source_key aside), read straight from
 * their parameters: the posts upsert is their only reader, so they skip the temporary table.
 */
export function postValues(posts: readonly NormalizedPost[]): SQL {
  const rows = posts.map((p): Cell[] => [
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
  return sql`
    select c0 as platform, c1 as external_id, c2 as url, c3 as author_id, c4 as author_handle, c5 as author_name,
      c6 as author_location, c7::int as author_followers, c8 as text, c9 as lang, c10::timestamptz as created_at,
      c11::int8 as likes, c12::int8 as reposts, c13::int8 as replies, c14::int8 as quotes, c15::int8 as views,
      ${tags('c16')} as hashtags, c17::float8 as lat, c18::float8 as lon,
      c19 as place_name
    from ${unnestColumns(rows, 20)}`;
}
