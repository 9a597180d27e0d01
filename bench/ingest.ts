/**
 * Ingest throughput over the same posts, each into a fresh database:
 * - the worker's path: pollSource over replayed response bodies (JSON.parse, zod, normalize,
 *   analyze, ingest transaction with matches, fairness counting, rollups, top posts, cursor);
 * - the same-outputs ceiling: every row the worker's path left in the database (posts, matches,
 *   rollups, hashtag rollups, author days, counted texts, top posts, cursors…), dumped with
 *   COPY … TO and loaded into a fresh database with one COPY … FROM STDIN a table, in turn
 *   (PGlite: '/dev/blob'): what the hardware and Postgres allow for storing those outputs at all;
 * - the posts-only ceiling: the same post rows, already normalized, through one COPY (posts table only);
 * - a naive loop: normalize + analyze, then one INSERT per post awaited in turn (posts only).
 * Generating the bodies and the COPY text is outside the timed sections.
 */
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { analyzePost, prepareCampaign } from '../src/analysis/analyze.js';
import { createAnalysisPool } from '../src/analysis/pool.js';
import { loadEnv } from '../src/config/env.js';
import type { Campaign } from '../src/config/campaigns.js';
import { queryRows } from '../src/db/client.js';
import { ingestPage, type IngestPage } from '../src/db/ingest.js';
import type { Match, NormalizedPost } from '../src/domain/types.js';
import { MAX_BATCH_POSTS } from '../src/jobs/page-batches.js';
import { normalizeItems, pollSource, type PollDeps, type PollTarget } from '../src/jobs/poll-source.js';
import { createLogger } from '../src/log.js';
import { freshDatabase, type Backend, type BenchDatabase } from './databases.js';
import { msPerThousand, serverCpuSeconds } from './server-cpu.js';
import { parseBody, pollBodies, replayConnector, type PollBodies } from './workload.js';

export interface IngestFigures {
  postsPerSecond: number | null;
  copyPostsPerSecond: number | null;
  ratio: number | null;
  /** COPY of every row the worker's path stored for the same posts, in posts per second. */
  derivedCopyPostsPerSecond: number | null;
  derivedRatio: number | null;
  /** The database part alone: ingestPage of already analysed batches, no parsing or analysis. */
  writePathPostsPerSecond: number | null;
  naivePostsPerSecond: number | null;
  /** The worker's path with the campaign's two sources polled at once (Postgres only). */
  twoSourcesPostsPerSecond: number | null;
  /** CPU per 1,000 posts of the worker's path: this process inside its polls, and the server (null: PGlite, or not this machine's). */
  workerCpuMsPer1k: { node: number; server: number | null } | null;
  /**
   * What the machine's cores allow for the worker's path at that CPU cost, Node and the server
   * overlapping perfectly: cores × 1 s / (Node + server CPU per post). Null without the server's.
   */
  cpuBoundPostsPerSecond: number | null;
}

const log = createLogger({ level: 'silent' });

export async function measureIngest(
  backend: Backend,
  campaign: Campaign,
  posts: number,
  naivePosts: number,
): Promise<IngestFigures & { detail: string; derivedDetail: string }> {
  const { full, outputs, serverCpu } = await withDatabase(backend, async (db) => {
    const before = await serverCpuSeconds(db.db, db.raw.kind);
    const full = await fullIngest(db, campaign, posts);
    const after = await serverCpuSeconds(db.db, db.raw.kind);
    return { full, outputs: await dumpOutputs(db), serverCpu: before === null || after === null ? null : after - before };
  });
  const derived = await withDatabase(backend, (db) => loadOutputs(db, outputs));
  // PGlite has one connection: two sources at once would only take turns.
  const twoSources = backend === 'postgres' ? await withDatabase(backend, (db) => twoSourcesIngest(db, campaign, posts)) : null;
  const writePath = await withDatabase(backend, (db) => writePathOnly(db, campaign, posts));
  const copy = await withDatabase(backend, (db) => copyCeiling(db, campaign, posts));
  const naive = await withDatabase(backend, (db) => naiveLoop(db, campaign, naivePosts));
  const rate = (r: { posts: number; seconds: number }) => Math.round(r.posts / r.seconds);
  const ratio = (a: number, b: number) => Math.round((a / b) * 1000) / 1000;
  const derivedRate = Math.round(full.posts / derived.seconds);
  const workerCpuMsPer1k = {
    node: msPerThousand(full.nodeCpuSeconds, full.posts),
    server: serverCpu === null ? null : msPerThousand(serverCpu, full.posts),
  };
  return {
    postsPerSecond: rate(full),
    copyPostsPerSecond: rate(copy),
    ratio: ratio(rate(full), rate(copy)),
    derivedCopyPostsPerSecond: derivedRate,
    derivedRatio: ratio(rate(full), derivedRate),
    writePathPostsPerSecond: rate(writePath),
    naivePostsPerSecond: rate(naive),
    twoSourcesPostsPerSecond: twoSources && rate(twoSources),
    workerCpuMsPer1k,
    cpuBoundPostsPerSecond:
      workerCpuMsPer1k.server === null ? null : Math.round((availableParallelism() * 1e6) / (workerCpuMsPer1k.node + workerCpuMsPer1k.server)),
    detail: `${full.posts} posts (${full.stored} stored), naive on ${naive.posts}`,
    derivedDetail: `${derived.rows.toLocaleString('en-US')} rows in ${outputs.filter((o) => o.rows > 0).length} tables`,
  };
}

async function withDatabase<T>(backend: Backend, run: (db: BenchDatabase) => Promise<T>): Promise<T> {
  const db = await freshDatabase(backend);
  try {
    return await run(db);
  } finally {
    await db.dispose();
  }
}

export interface IngestProgress {
  posts: number;
  /** Timed seconds: inside pollSource only. */
  seconds: number;
  /** CPU seconds this process used inside pollSource (its threads included; generating the bodies is not). */
  nodeCpuSeconds: number;
}

/**
 * The worker's own path, a poll (20 pages) at a time; only pollSource is timed. `onPoll` hears
 * the posts and the timed seconds so far after each poll, and is awaited outside the timing.
 */
export async function fullIngest(
  db: Pick<BenchDatabase, 'db'>,
  campaign: Campaign,
  total: number,
  onPoll?: (progress: IngestProgress) => void | Promise<void>,
) {
  let seconds = 0;
  let nodeCpuSeconds = 0;
  let posts = 0;
  await withBenchPoll(db, campaign, async (benchPoll) => {
    for (const poll of pollBodies(campaign, total)) {
      const started = performance.now();
      const cpuBefore = process.cpuUsage();
      const fetched = await benchPoll(poll);
      const cpu = process.cpuUsage(cpuBefore);
      seconds += (performance.now() - started) / 1000;
      nodeCpuSeconds += (cpu.user + cpu.system) / 1e6;
      posts += fetched;
      await onPoll?.({ posts, seconds, nodeCpuSeconds });
    }
  });
  const [row] = await queryRows<{ n: number }>(db.db, sql`select count(*)::int as n from posts`);
  return { posts, seconds, nodeCpuSeconds, stored: Number(row?.n ?? 0) };
}

/**
 * The same posts with the campaign's two sources polled at once, as the scheduler runs them when
 * both are due: each source's polls in turn, the two sources side by side, so one source's posts
 * are analysed while the other's are written. The bodies are generated beforehand and the whole
 * run is timed.
 */
export async function twoSourcesIngest(db: Pick<BenchDatabase, 'db'>, campaign: Campaign, total: number) {
  const bySource = new Map<string, PollBodies[]>();
  for (const poll of pollBodies(campaign, total)) {
    const polls = bySource.get(poll.platform) ?? [];
    polls.push(poll);
    bySource.set(poll.platform, polls);
  }
  return withBenchPoll(db, campaign, async (benchPoll) => {
    const started = performance.now();
    const fetched = await Promise.all(
      [...bySource.values()].map(async (polls) => {
        let posts = 0;
        for (const poll of polls) posts += await benchPoll(poll);
        return posts;
      }),
    );
    return { posts: fetched.reduce((a, b) => a + b, 0), seconds: (performance.now() - started) / 1000 };
  });
}

type BenchPoll = (poll: PollBodies) => Promise<number>;

/**
 * Runs `run` with a replayed poll through the worker's pollSource (returning the items it fetched),
 * the campaign's analyzer prepared and the worker's analysis threads started beforehand
 * (CAMPANILE_ANALYSIS_THREADS, its default when unset).
 */
async function withBenchPoll<T>(db: Pick<BenchDatabase, 'db'>, campaign: Campaign, run: (poll: BenchPoll) => Promise<T>): Promise<T> {
  const analyzer = prepareCampaign(campaign);
  const threads = loadEnv().CAMPANILE_ANALYSIS_THREADS;
  const analysis = threads > 0 ? createAnalysisPool(threads) : undefined;
  const deps: PollDeps = { db: db.db, log, now: () => new Date(), analysis };
  try {
    return await run(async (poll) => {
      const target: PollTarget = {
        key: `${campaign.id}/${poll.platform}`,
        campaign,
        analyzer,
        source: campaign.sources[poll.platform === 'x' ? 1 : 0] as PollTarget['source'],
        connector: replayConnector(poll.platform, poll.bodies),
      };
      const outcome = await pollSource(target, deps, new AbortController().signal);
      if (outcome.status !== 'ok') throw new Error(`bench poll failed: ${outcome.error}`);
      return outcome.fetched;
    });
  } finally {
    await analysis?.close();
  }
}

/**
 * The write path alone: the same posts, parsed, normalized and analysed beforehand (not timed),
 * written by ingestPage in batches of MAX_BATCH_POSTS, as page-batches.ts sends them.
 */
async function writePathOnly(db: BenchDatabase, campaign: Campaign, total: number) {
  let seconds = 0;
  let posts = 0;
  for (const pages of analysedBatches(campaign, total)) {
    const started = performance.now();
    for (const p of pages) await ingestPage(db.db, p);
    seconds += (performance.now() - started) / 1000;
    posts += pages.reduce((n, p) => n + p.posts.length, 0);
  }
  return { posts, seconds };
}

/** The bench's posts as ingestPage batches of up to `batchPosts` posts, analysed, a poll at a time. */
export function* analysedBatches(campaign: Campaign, total: number, batchPosts = MAX_BATCH_POSTS): Generator<IngestPage[]> {
  const analyzer = prepareCampaign(campaign);
  const counting = { [analyzer.campaignId]: analyzer.counting };
  for (const poll of pollBodies(campaign, total)) {
    const connector = replayConnector(poll.platform, []);
    const pages: IngestPage[] = [];
    let page: IngestPage | null = null;
    for (const [i, body] of poll.bodies.entries()) {
      page ??= { sourceKey: `${campaign.id}/${poll.platform}`, platform: poll.platform, posts: [], matches: [], quarantined: [], counting };
      for (const p of normalizeItems(connector, parseBody(poll.platform, body)).posts) {
        (page.posts as NormalizedPost[]).push(p);
        const m = analyzePost(p, analyzer);
        if (m) (page.matches as Match[]).push(m);
      }
      if (page.posts.length >= batchPosts || i === poll.bodies.length - 1) {
        pages.push({ ...page, cursor: `${poll.platform}-${i}` });
        page = null;
      }
    }
    yield pages;
  }
}

/** Every table the write path fills (db/ingest.ts), in an order COPY can load them. */
const OUTPUT_TABLES = [
  'posts',
  'post_matches',
  'counted_texts',
  'rollups',
  'hashtag_rollups',
  'author_days',
  'challenge_windows',
  'window_authors',
  'window_author_counts',
  'top_posts',
  'quarantine',
  'source_cursors',
] as const;

interface TableDump {
  table: string;
  rows: number;
  data: Blob;
}

/** The rows the worker's path left, as COPY text per table (not timed). */
async function dumpOutputs(db: BenchDatabase): Promise<TableDump[]> {
  const dumps: TableDump[] = [];
  for (const table of OUTPUT_TABLES) {
    const [count] = await queryRows<{ n: number }>(db.db, sql.raw(`select count(*)::int as n from ${table}`));
    // A partitioned table is copied out through a query.
    const copyOut = `copy (select * from ${table}) to`;
    let data: Blob;
    if (db.raw.kind === 'postgres') {
      const chunks: Buffer[] = [];
      for await (const chunk of await db.raw.sql.unsafe(`${copyOut} stdout`).readable()) chunks.push(chunk as Buffer);
      data = new Blob(chunks);
    } else {
      data = (await db.raw.pglite.query(`${copyOut} '/dev/blob'`)).blob ?? new Blob([]);
    }
    dumps.push({ table, rows: Number(count?.n ?? 0), data });
  }
  return dumps;
}

/** The same-outputs ceiling: one COPY a table of everything the worker's path stored, timed. */
async function loadOutputs(db: BenchDatabase, dumps: readonly TableDump[]) {
  const buffers = await Promise.all(dumps.map(async (d) => ({ ...d, bytes: Buffer.from(await d.data.arrayBuffer()) })));
  const started = performance.now();
  for (const d of buffers) {
    if (d.rows === 0) continue;
    if (db.raw.kind === 'postgres') {
      await pipeline(Readable.from([d.bytes]), await db.raw.sql.unsafe(`copy ${d.table} from stdin`).writable());
    } else {
      await db.raw.pglite.query(`copy ${d.table} from '/dev/blob'`, [], { blob: d.data });
    }
  }
  const seconds = (performance.now() - started) / 1000;
  for (const d of buffers) {
    const [row] = await queryRows<{ n: number }>(db.db, sql.raw(`select count(*)::int as n from ${d.table}`));
    if (Number(row?.n) !== d.rows) throw new Error(`copy of ${d.table} stored ${row?.n} of ${d.rows} rows`);
  }
  return { seconds, rows: dumps.reduce((n, d) => n + d.rows, 0) };
}

const COPY_COLUMNS =
  'platform, external_id, url, author_id, author_handle, author_name, author_location, author_followers, text, lang, ' +
  'created_at, likes, reposts, replies, quotes, views, hashtags, lat, lon, place_name, source_key';

/** The same rows through COPY: what the hardware and Postgres allow for storing posts at all. */
async function copyCeiling(db: BenchDatabase, campaign: Campaign, total: number) {
  const chunks: string[] = [];
  let posts = 0;
  for (const poll of pollBodies(campaign, total)) {
    const connector = replayConnector(poll.platform, []);
    const lines: string[] = [];
    for (const body of poll.bodies) {
      for (const p of normalizeItems(connector, parseBody(poll.platform, body)).posts) lines.push(copyLine(p, `${campaign.id}/${poll.platform}`));
    }
    posts += lines.length;
    chunks.push(lines.join(''));
  }
  const started = performance.now();
  if (db.raw.kind === 'postgres') {
    const writable = await db.raw.sql.unsafe(`copy posts (${COPY_COLUMNS}) from stdin`).writable();
    await pipeline(Readable.from(chunks.map((c) => Buffer.from(c))), writable);
  } else {
    await db.raw.pglite.query(`copy posts (${COPY_COLUMNS}) from '/dev/blob'`, [], { blob: new Blob(chunks) });
  }
  const seconds = (performance.now() - started) / 1000;
  const [row] = await queryRows<{ n: number }>(db.db, sql`select count(*)::int as n from posts`);
  if (Number(row?.n) !== posts) throw new Error(`copy stored ${row?.n} of ${posts} rows`);
  return { posts, seconds };
}

/** One INSERT per post, awaited in sequence: how an ingest without batching performs. */
async function naiveLoop(db: BenchDatabase, campaign: Campaign, total: number) {
  const analyzer = prepareCampaign(campaign);
  let seconds = 0;
  let posts = 0;
  for (const poll of pollBodies(campaign, total)) {
    const started = performance.now();
    const connector = replayConnector(poll.platform, []);
    for (const body of poll.bodies) {
      for (const p of normalizeItems(connector, parseBody(poll.platform, body)).posts) {
        analyzePost(p, analyzer);
        await db.db.execute(sql`
          insert into posts (platform, external_id, url, author_id, author_handle, author_name, author_location,
            author_followers, text, lang, created_at, likes, reposts, replies, quotes, views, hashtags, source_key)
          values (${p.platform}, ${p.externalId}, ${p.url}, ${p.authorId}, ${p.authorHandle}, ${p.authorName},
            ${p.authorLocation}, ${p.authorFollowers}, ${p.text}, ${p.lang}, ${p.createdAt.toISOString()}::timestamptz,
            ${p.engagement.likes}, ${p.engagement.reposts}, ${p.engagement.replies}, ${p.engagement.quotes},
            ${p.engagement.views}, string_to_array(${p.hashtags.join(' ')}, ' '), ${`${campaign.id}/${poll.platform}`})
          on conflict do nothing`);
        posts += 1;
      }
    }
    seconds += (performance.now() - started) / 1000;
  }
  return { posts, seconds };
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const field = (v: string | number | null | undefined) => (v === null || v === undefined ? '\\N' : esc(String(v)));
const arrayLiteral = (items: readonly string[]) => `{${items.map((i) => `"${i.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`).join(',')}}`;

function copyLine(p: NormalizedPost, sourceKey: string): string {
  return `${[
    field(p.platform),
    field(p.externalId),
    field(p.url),
    field(p.authorId),
    field(p.authorHandle),
    field(p.authorName),
    field(p.authorLocation),
    field(p.authorFollowers),
    field(p.text),
    field(p.lang),
    field(p.createdAt.toISOString()),
    field(p.engagement.likes),
    field(p.engagement.reposts),
    field(p.engagement.replies),
    field(p.engagement.quotes),
    field(p.engagement.views),
    field(arrayLiteral(p.hashtags)),
    field(p.geo?.lat),
    field(p.geo?.lon),
    field(p.placeName),
    field(sourceKey),
  ].join('\t')}\n`;
}
