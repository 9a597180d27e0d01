/**
 * Ingest throughput, three ways over the same posts into the same `posts` table of a fresh database:
 * - the worker's path: pollSource over replayed response bodies (JSON.parse, zod, normalize,
 *   analyze, ingest transaction with matches, fairness counting, rollups, top posts, cursor);
 * - the ceiling: the same post rows, already normalized, through one COPY … FROM STDIN
 *   (PGlite: COPY … FROM '/dev/blob'), posts table only;
 * - a naive loop: normalize + analyze, then one INSERT per post awaited in turn (posts only).
 * Generating the bodies and the COPY text is outside the timed sections.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { sql } from 'drizzle-orm';
import { analyzePost, prepareCampaign } from '../src/analysis/analyze.js';
import type { Campaign } from '../src/config/campaigns.js';
import { queryRows } from '../src/db/client.js';
import type { NormalizedPost } from '../src/domain/types.js';
import { normalizeItems, pollSource, type PollTarget } from '../src/jobs/poll-source.js';
import { createLogger } from '../src/log.js';
import { freshDatabase, type Backend, type BenchDatabase } from './databases.js';
import { parseBody, pollBodies, replayConnector } from './workload.js';

export interface IngestFigures {
  postsPerSecond: number | null;
  copyPostsPerSecond: number | null;
  ratio: number | null;
  naivePostsPerSecond: number | null;
}

const log = createLogger({ level: 'silent' });

export async function measureIngest(backend: Backend, campaign: Campaign, posts: number, naivePosts: number): Promise<IngestFigures & { detail: string }> {
  const full = await withDatabase(backend, (db) => fullIngest(db, campaign, posts));
  const copy = await withDatabase(backend, (db) => copyCeiling(db, campaign, posts));
  const naive = await withDatabase(backend, (db) => naiveLoop(db, campaign, naivePosts));
  const rate = (r: { posts: number; seconds: number }) => Math.round(r.posts / r.seconds);
  return {
    postsPerSecond: rate(full),
    copyPostsPerSecond: rate(copy),
    ratio: Math.round((rate(full) / rate(copy)) * 1000) / 1000,
    naivePostsPerSecond: rate(naive),
    detail: `${full.posts} posts (${full.stored} stored), naive on ${naive.posts}`,
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

/** The worker's own path, a poll (20 pages) at a time; only pollSource is timed. */
export async function fullIngest(db: Pick<BenchDatabase, 'db'>, campaign: Campaign, total: number, onPoll?: () => void) {
  const analyzer = prepareCampaign(campaign);
  const sources = campaign.sources;
  let seconds = 0;
  let posts = 0;
  for (const poll of pollBodies(campaign, total)) {
    const index = poll.platform === 'x' ? 1 : 0;
    const target: PollTarget = {
      key: `${campaign.id}/${poll.platform}`,
      campaign,
      analyzer,
      source: sources[index] as PollTarget['source'],
      connector: replayConnector(poll.platform, poll.bodies),
    };
    const started = performance.now();
    const outcome = await pollSource(target, { db: db.db, log, now: () => new Date() }, new AbortController().signal);
    seconds += (performance.now() - started) / 1000;
    if (outcome.status !== 'ok') throw new Error(`bench poll failed: ${outcome.error}`);
    posts += outcome.fetched;
    onPoll?.();
  }
  const [row] = await queryRows<{ n: number }>(db.db, sql`select count(*)::int as n from posts`);
  return { posts, seconds, stored: Number(row?.n ?? 0) };
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
