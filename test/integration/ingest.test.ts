import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzePost, prepareCampaign } from '../../src/analysis/analyze.js';
import { queryRows } from '../../src/db/client.js';
import { getSourceState } from '../../src/db/cursors.js';
import { ingestPage } from '../../src/db/ingest.js';
import { localityTotals } from '../../src/db/rollups.js';
import type { Match, NormalizedPost } from '../../src/domain/types.js';
import { BACKENDS, clearIngestTables, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML, makePost } from '../helpers/factories.js';
import { clearInjectedFailures, failInsertsContaining } from '../helpers/faults.js';

const analyzer = prepareCampaign(campaignFromYaml(LIGURIA_YAML));
const matchesOf = (posts: NormalizedPost[]) => posts.map((p) => analyzePost(p, analyzer)).filter((m): m is Match => m !== null);
const WINDOW = { start: new Date('2026-06-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') };
const DAYS = { first: '2026-06-01', last: '2026-06-30' };

describe.each(BACKENDS)('ingest on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await database.dispose();
  });
  beforeEach(async () => {
    await clearIngestTables(database.db);
  });

  const count = async (table: string) => (await queryRows<{ n: number }>(database.db, sql.raw(`select count(*)::int as n from ${table}`)))[0]?.n;

  it('stores a page once: the same page twice gives the same rows and the latest engagement', async () => {
    const genova = makePost({ text: 'Che meraviglia #orgoglioliguria #genova', hashtags: ['orgoglioliguria', 'genova'] });
    const camogli = makePost({ text: 'Tramonto a Camogli #orgoglioliguria', hashtags: ['orgoglioliguria'] });
    const page = { sourceKey: 's1', platform: 'mastodon', posts: [genova, camogli], matches: matchesOf([genova, camogli]), quarantined: [], cursor: '100' };

    const first = await ingestPage(database.db, page);
    expect(first).toMatchObject({ inserted: 2, updated: 0 });
    expect(first.newMatches).toHaveLength(2);

    const reseen = { ...genova, engagement: { ...genova.engagement, likes: 11, reposts: 4 } };
    const second = await ingestPage(database.db, { ...page, posts: [reseen, camogli], matches: matchesOf([reseen, camogli]) });
    expect(second).toMatchObject({ inserted: 0, updated: 2, newMatches: [] });

    expect(await count('posts')).toBe(2);
    expect(await count('post_matches')).toBe(2);
    const totals = await localityTotals(database.db, 'orgoglioliguria', WINDOW, DAYS);
    const byTown = Object.fromEntries(totals.map((t) => [t.localityId, t]));
    // Counted once each; Genova's engagement follows the re-seen counts (11 likes + 4 reposts).
    expect(byTown['010025']).toMatchObject({ posts: 1, authors: 1, engagement: 15 });
    expect(byTown['010007']).toMatchObject({ posts: 1, engagement: 1 });
    const stored = await queryRows<{ likes: number }>(database.db, sql`select likes::int as likes from posts where external_id = ${genova.externalId}`);
    expect(stored[0]?.likes).toBe(11);
  });

  it('stores every value as sent: empty strings, nulls, private-use characters and a lone post', async () => {
    // The staging splits each column on a private-use character absent from the batch (db/staging.ts).
    const marked = makePost({
      text: 'Genova \uE000 \uE001 \uE002 \u{F0000}\t\n"\\{},; #orgoglioliguria',
      authorName: '',
      authorLocation: '\uE000',
      placeName: '\uE001',
      lang: null,
      url: '',
    });
    const page = { sourceKey: 's1', platform: 'mastodon', posts: [marked], matches: matchesOf([marked]), quarantined: [] };
    expect(await ingestPage(database.db, page)).toMatchObject({ inserted: 1 });
    const [row] = await queryRows<Record<string, string | null>>(
      database.db,
      sql`select text, author_name, author_location, place_name, lang, url, author_followers::text as followers, views::text as views from posts`,
    );
    expect(row).toEqual({
      text: marked.text,
      author_name: '',
      author_location: '\uE000',
      place_name: '\uE001',
      lang: null,
      url: '',
      followers: null,
      views: null,
    });
    const [match] = await queryRows<{ locality_id: string }>(database.db, sql`select locality_id from post_matches`);
    expect(match?.locality_id).toBe('010025');
  });

  it('stores a coordinate that is not a finite number as none, not as NaN', async () => {
    const post = makePost({ geo: { lat: Number.NaN, lon: Number.POSITIVE_INFINITY } });
    await ingestPage(database.db, { sourceKey: 's1', platform: 'mastodon', posts: [post], matches: matchesOf([post]), quarantined: [] });
    const rows = await queryRows<{ lat: number | null; lon: number | null }>(database.db, sql`select lat, lon from posts`);
    expect(rows).toEqual([{ lat: null, lon: null }]);
  });

  it('moves the cursor with the page and keeps it when a page carries none', async () => {
    const post = makePost();
    await ingestPage(database.db, { sourceKey: 's2', platform: 'mastodon', posts: [post], matches: matchesOf([post]), quarantined: [], cursor: '200' });
    await ingestPage(database.db, { sourceKey: 's2', platform: 'mastodon', posts: [], matches: [], quarantined: [] });
    expect((await getSourceState(database.db, 's2'))?.cursor).toBe('200');
  });

  it('rolls the whole page back, cursor included, when any write fails', async () => {
    const ok = makePost();
    await ingestPage(database.db, { sourceKey: 's3', platform: 'mastodon', posts: [ok], matches: matchesOf([ok]), quarantined: [], cursor: '10' });
    const a = makePost();
    const broken = makePost({ text: 'FAIL-HERE #orgoglioliguria' });
    await failInsertsContaining(database.db, 'FAIL-HERE');
    await expect(
      ingestPage(database.db, { sourceKey: 's3', platform: 'mastodon', posts: [a, broken], matches: matchesOf([a, broken]), quarantined: [], cursor: '20' }),
    ).rejects.toThrow();
    await clearInjectedFailures(database.db);
    expect((await getSourceState(database.db, 's3'))?.cursor).toBe('10');
    expect(await count('posts')).toBe(1);
    const totals = await localityTotals(database.db, 'orgoglioliguria', WINDOW, DAYS);
    expect(totals.reduce((n, t) => n + t.posts, 0)).toBe(1);
  });

  it('keeps quarantined items with their reason beside the good ones', async () => {
    const good = makePost();
    await ingestPage(database.db, {
      sourceKey: 's4',
      platform: 'mastodon',
      posts: [good],
      matches: matchesOf([good]),
      quarantined: [{ reason: 'mastodon status: created_at: Invalid ISO datetime', payload: '{"id":"1","created_at":"yesterday"}' }],
      cursor: '5',
    });
    const rows = await queryRows<{ source_key: string; reason: string; payload: string }>(database.db, sql`select source_key, reason, payload from quarantine`);
    expect(rows).toEqual([{ source_key: 's4', reason: 'mastodon status: created_at: Invalid ISO datetime', payload: '{"id":"1","created_at":"yesterday"}' }]);
    expect(await count('posts')).toBe(1);
  });

  it('counts distinct authors across hours and days, not posts', async () => {
    const author = { authorId: 'same-author' };
    const posts = [
      makePost({ ...author, hashtags: ['orgoglioliguria', 'genova'], createdAt: new Date('2026-06-10T08:00:00Z') }),
      makePost({ ...author, hashtags: ['orgoglioliguria', 'genova'], createdAt: new Date('2026-06-11T09:00:00Z') }),
      makePost({ authorId: 'other', hashtags: ['orgoglioliguria', 'genova'], createdAt: new Date('2026-06-11T09:30:00Z') }),
    ];
    await ingestPage(database.db, { sourceKey: 's5', platform: 'mastodon', posts, matches: matchesOf(posts), quarantined: [], cursor: '1' });
    const [genova] = await localityTotals(database.db, 'orgoglioliguria', WINDOW, DAYS);
    expect(genova).toMatchObject({ localityId: '010025', posts: 3, authors: 2 });
  });

  it('keeps the distinct-author count of a window up to date at ingest, equal to a recount', async () => {
    // The first snapshot registers the window (nothing stored yet); later pages bump its count.
    expect(await localityTotals(database.db, 'orgoglioliguria', WINDOW, DAYS)).toEqual([]);
    const page = (authors: string[], day: number) => {
      const posts = authors.map((authorId, i) =>
        makePost({ authorId, hashtags: ['orgoglioliguria', 'genova'], createdAt: new Date(Date.UTC(2026, 5, day, 8, i)) }),
      );
      return ingestPage(database.db, { sourceKey: 's6', platform: 'mastodon', posts, matches: matchesOf(posts), quarantined: [], cursor: String(day) });
    };
    await page(['a', 'b', 'a'], 10);
    await page(['b', 'c'], 11);
    await page(['d'], 30);
    const [genova] = await localityTotals(database.db, 'orgoglioliguria', WINDOW, DAYS);
    expect(genova).toMatchObject({ localityId: '010025', posts: 6, authors: 4 });
    const [recount] = await queryRows<{ n: number }>(
      database.db,
      sql`select count(distinct author_key)::int as n from author_days where campaign_id = 'orgoglioliguria' and locality_id = '010025' and counted > 0`,
    );
    expect(recount?.n).toBe(4);
    // A narrower window is its own count, back-filled on first use.
    const [june10] = await localityTotals(
      database.db,
      'orgoglioliguria',
      { start: WINDOW.start, end: new Date('2026-06-11T00:00:00Z') },
      { first: '2026-06-10', last: '2026-06-10' },
    );
    expect(june10).toMatchObject({ posts: 3, authors: 2 });
  });
});
