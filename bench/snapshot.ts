/**
 * Snapshot latency over 1 million and 10 million stored posts of a 50-town challenge.
 *
 * Ingesting 10 million posts through the worker does not fit the bench's time budget, so the
 * tables a snapshot reads are filled directly with generate_series, at the sizes such a campaign
 * has: hourly rollups for every (town + unattributed) × hour of the 50 days posted so far,
 * author_days at one row per two posts (posts / 20 distinct authors), top_posts at 5 per town and
 * day with their `posts` rows (for the text). Everything else of `posts` is not created: a
 * snapshot never reads it. Two figures, each the p95 of RUNS runs after a warm-up (fewer, at least MIN_RUNS, when they exceed BUDGET_MS):
 * - standings: the reads standings need (town totals and distinct authors, top posts) + scoring;
 * - publish read path: everything publishLeaderboard reads (also the hourly series per town, the
 *   sources' state and the previous snapshot, whose size grows with hours × towns).
 */
import { sql } from 'drizzle-orm';
import { localDay } from '../src/analysis/fairness.js';
import { campaignLocalities } from '../src/analysis/locality/index.js';
import type { Campaign } from '../src/config/campaigns.js';
import { queryRows } from '../src/db/client.js';
import { listSourceStates } from '../src/db/cursors.js';
import { hourlySeries, localityTotals } from '../src/db/rollups.js';
import { topPostsInWindow } from '../src/db/top-posts.js';
import { createHttpClient } from '../src/http/client.js';
import { publishLeaderboard, challengeId } from '../src/jobs/publish-leaderboard.js';
import { latestSnapshot } from '../src/leaderboard/sinks.js';
import { computeStandings } from '../src/leaderboard/standings.js';
import { challengeWindow } from '../src/leaderboard/window.js';
import { createLogger } from '../src/log.js';
import { freshDatabase, type Backend, type BenchDatabase } from './databases.js';

const RUNS = 20;
/** A figure stops early after this long (at least MIN_RUNS runs), so a slow read cannot eat the bench. */
const BUDGET_MS = 30_000;
const MIN_RUNS = 5;
const HOURS = 50 * 24;
const FIRST_HOUR = '2026-10-01T00:00:00Z';

export interface SnapshotFigures {
  standingsP95Ms: number;
  publishReadP95Ms: number;
  rows: { rollups: number; authorDays: number; topPosts: number };
  seedSeconds: number;
}

export async function measureSnapshot(backend: Backend, campaign: Campaign, posts: number, outDir: string): Promise<SnapshotFigures> {
  const db = await freshDatabase(backend);
  try {
    const seedStarted = performance.now();
    const rows = await seed(db, campaign, posts);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const challenge = campaign.challenge as NonNullable<Campaign['challenge']>;
    const window = challengeWindow(challenge);
    const days = { first: localDay(window.start, challenge.timezone), last: localDay(new Date(window.end.getTime() - 1), challenge.timezone) };
    const contenders = campaignLocalities(campaign).map(({ id, name, code, population }) => ({ id, name, code, population }));
    const deps = { db: db.db, log: createLogger({ level: 'silent' }), now: () => new Date(), outDir, http: createHttpClient() };
    // One publication first, so that the previous snapshot exists as it does in a running worker.
    await publishLeaderboard(campaign, deps);

    const standings = async () => {
      const [totals] = await Promise.all([localityTotals(db.db, campaign.id, window, days), topPostsInWindow(db.db, campaign.id, days)]);
      return computeStandings(contenders, totals, challenge);
    };
    const publishRead = async () => {
      const [totals] = await Promise.all([
        localityTotals(db.db, campaign.id, window, days),
        hourlySeries(db.db, campaign.id, window),
        topPostsInWindow(db.db, campaign.id, days),
        listSourceStates(db.db),
        latestSnapshot(db.db, challengeId({ ...campaign, challenge })),
      ]);
      return computeStandings(contenders, totals, challenge);
    };
    return { standingsP95Ms: await p95(standings), publishReadP95Ms: await p95(publishRead), rows, seedSeconds };
  } finally {
    await db.dispose();
  }
}

async function p95(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  const began = performance.now();
  for (let i = 0; i < RUNS && (i < MIN_RUNS || performance.now() - began < BUDGET_MS); i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[Math.ceil(times.length * 0.95) - 1] as number) * 10) / 10;
}

async function seed(db: BenchDatabase, campaign: Campaign, posts: number) {
  const towns = campaignLocalities(campaign).map((l) => l.id);
  const ids = JSON.stringify(['', ...towns]);
  const perCell = posts / (HOURS * (towns.length + 1));
  const authorDays = Math.round(posts / 2);
  const authors = Math.max(1, Math.round(posts / 20));
  const c = campaign.id;
  await db.db.execute(sql`
    insert into rollups (campaign_id, locality_id, hour, posts, engagement, sentiment_sum, positive, negative,
      counted_posts, counted_engagement, counted_sentiment_sum, counted_positive, counted_negative)
    select ${c}, t.id, ${FIRST_HOUR}::timestamptz + h * interval '1 hour',
      n, n * 12, n * 0.3, n * 55 / 100, n * 20 / 100, n * 9 / 10, n * 11, n * 0.27, n * 50 / 100, n * 18 / 100
    from json_array_elements_text(${ids}::json) as t(id), generate_series(0, ${HOURS - 1}) as h,
      lateral (select greatest(0, round(${perCell} * (0.5 + random())))::int as n) x`);
  // One row per two posts: author a (of `authors`) in town t on day d, each (author, day) once.
  await withoutIndexes(db, 'author_days', () =>
    db.db.execute(sql`
    insert into author_days (campaign_id, locality_id, author_key, day, posts, counted)
    select ${c}, (${ids}::jsonb) ->> (1 + i % ${towns.length}),
      'mastodon:' || (i % ${authors}), to_char(date '2026-10-01' + (i / ${authors}) % 50, 'YYYY-MM-DD'), 2, 2
    from generate_series(0, ${authorDays - 1}) as i`),
  );
  await db.db.execute(sql`
    insert into top_posts (campaign_id, locality_id, day, platform, external_id, url, engagement, created_at)
    select ${c}, t.id, to_char(date '2026-10-01' + d, 'YYYY-MM-DD'), 'mastodon', 'top-' || t.id || '-' || d || '-' || k,
      'https://bench.invalid/' || k, 100 + k * 10 + d, ${FIRST_HOUR}::timestamptz + d * interval '1 day' + k * interval '1 hour'
    from json_array_elements_text(${JSON.stringify(towns)}::json) as t(id), generate_series(0, 49) as d, generate_series(1, 5) as k`);
  await db.db.execute(sql`
    insert into posts (platform, external_id, url, author_id, author_handle, text, created_at, source_key)
    select platform, external_id, url, 'a', 'utente@bench.invalid', 'Tramonto stupendo #orgoglioliguria', created_at, 'bench/mastodon'
    from top_posts`);
  await db.db.execute(sql`analyze`);
  const count = async (table: string) => Number((await queryRows<{ n: number }>(db.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n ?? 0);
  return { rollups: await count('rollups'), authorDays: await count('author_days'), topPosts: await count('top_posts') };
}

/**
 * Fills a table with its indexes (primary key included) dropped, then builds them again from
 * their own definitions: the same table and indexes at the end, built by one sort each instead
 * of millions of inserts into B-trees in random order (5M author-days: ~90 s against ~40 s).
 */
async function withoutIndexes(db: BenchDatabase, table: string, fill: () => Promise<unknown>) {
  const constraints = await queryRows<{ name: string; def: string }>(
    db.db,
    sql`select conname as name, pg_get_constraintdef(oid) as def from pg_constraint where conrelid = ${table}::regclass and contype in ('p', 'u')`,
  );
  const listIndexes = () =>
    queryRows<{ name: string; def: string }>(
      db.db,
      sql`select indexname as name, indexdef as def from pg_indexes where schemaname = current_schema() and tablename = ${table} order by 1`,
    );
  const indexes = await listIndexes();
  const plain = indexes.filter((i) => !constraints.some((c) => c.name === i.name));
  for (const c of constraints) await db.db.execute(sql.raw(`alter table ${table} drop constraint "${c.name}"`));
  for (const i of plain) await db.db.execute(sql.raw(`drop index "${i.name}"`));
  await fill();
  for (const c of constraints) await db.db.execute(sql.raw(`alter table ${table} add constraint "${c.name}" ${c.def}`));
  for (const i of plain) await db.db.execute(sql.raw(i.def));
  if (JSON.stringify(await listIndexes()) !== JSON.stringify(indexes)) throw new Error(`bench: ${table}'s indexes differ after the fill`);
}
