import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/config/campaigns.js';
import { markSourceFailure, markSourceSuccess } from '../../src/db/cursors.js';
import { createMetrics, type Metrics } from '../../src/metrics.js';
import { databaseMetricsState } from '../../src/db/health.js';
import type { HttpServer } from '../../src/server/server.js';
import { ingestAndPublish, pollTarget, startServer, townPosts } from '../helpers/challenge.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';

const campaign: Campaign = campaignFromYaml(LIGURIA_YAML);
const SOURCE = pollTarget(campaign, []).key;
const CHALLENGE = 'orgoglioliguria';

describe.each(BACKENDS)('http server (%s)', (backend) => {
  let database: TestDatabase;
  let server: HttpServer;
  let base: string;
  let metrics: Metrics;
  let clock = new Date('2026-06-11T12:00:00Z');
  const now = () => clock;
  const log = silentLogger();
  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}${path}`, { headers });

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    metrics = createMetrics({ now, state: databaseMetricsState(database.db) });
    ({ server, url: base } = await startServer(database.db, [campaign], { log, now, metrics }));
  });
  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  it('answers /healthz, and /readyz only once a configured source has polled successfully', async () => {
    expect((await get('/healthz')).status).toBe(200);

    const never = await get('/readyz');
    expect(never.status).toBe(503);
    expect(await never.json()).toMatchObject({ status: 'not ready', database: 'ok', sources: [{ source: SOURCE, state: 'never polled' }] });

    await markSourceFailure(database.db, SOURCE, clock, 'HTTP 503', null);
    const failing = await get('/readyz');
    expect(failing.status).toBe(503);
    expect(await failing.json()).toMatchObject({ sources: [{ source: SOURCE, state: 'failing' }] });

    await markSourceSuccess(database.db, SOURCE, clock);
    const ready = await get('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', sources: [{ source: SOURCE, state: 'healthy' }] });
  });

  it('serves the latest snapshot with an ETag, 304 on If-None-Match, a new ETag after a new snapshot', async () => {
    expect((await get(`/v1/challenges/${CHALLENGE}/leaderboard`)).status).toBe(404);

    const posts = [
      ...townPosts(6, { tag: 'genova' }),
      ...townPosts(3, { tag: 'camogli' }),
      ...townPosts(1, { text: 'Tramonto a Sestri Levante #orgoglioliguria' }),
    ];
    const resetAt = '2026-06-11T12:15:00Z';
    const { poll } = await ingestAndPublish(
      database.db,
      campaign,
      [
        { items: posts.slice(0, 5), cursor: 'c1' },
        { items: [...posts.slice(5), { not: 'a post' }], cursor: 'c2', rateLimit: { limit: 300, remaining: 0, resetAt } },
      ],
      { log, now: () => new Date('2026-06-11T11:58:00Z'), metrics },
    );
    expect(poll).toMatchObject({ status: 'ok', inserted: 10, quarantined: 1 });

    const first = await get(`/v1/challenges/${CHALLENGE}/leaderboard`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toMatch(/^application\/json/);
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^".+"$/);
    const body = (await first.json()) as { standings: Array<{ rank: number; locality: { name: string }; components: { posts: { raw: number } } }> };
    expect(body.standings.map((s) => [s.rank, s.locality.name, s.components.posts.raw])).toEqual([
      [1, 'Genova', 6],
      [2, 'Camogli', 3],
      [3, 'Sestri Levante', 1],
    ]);
    expect((await get(`/v1/challenges/${CHALLENGE}/leaderboard.json`)).headers.get('etag')).toBe(etag);

    const cached = await get(`/v1/challenges/${CHALLENGE}/leaderboard`, { 'if-none-match': etag as string });
    expect(cached.status).toBe(304);
    expect(await cached.text()).toBe('');
    expect((await get(`/v1/challenges/${CHALLENGE}/leaderboard`, { 'if-none-match': `"other", W/${etag}` })).status).toBe(304);

    clock = new Date('2026-06-11T12:20:00Z');
    await ingestAndPublish(database.db, campaign, [{ items: townPosts(5, { tag: 'camogli' }), cursor: 'c3' }], { log, now });
    const changed = await get(`/v1/challenges/${CHALLENGE}/leaderboard`, { 'if-none-match': etag as string });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    const after = (await changed.json()) as { standings: Array<{ locality: { name: string }; rankChange: number | null }> };
    expect(after.standings.map((s) => [s.locality.name, s.rankChange])).toEqual([
      ['Camogli', 1],
      ['Genova', -1],
      ['Sestri Levante', 0],
    ]);
  });

  it('re-scores per capita on request, with its own ETag, and rejects unknown scorings', async () => {
    const res = await get(`/v1/challenges/${CHALLENGE}/leaderboard?scoring=perCapita`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      rules: { perCapita: boolean };
      view: unknown;
      standings: Array<{ rank: number; locality: { name: string }; components: { posts: { perCapita: number | null } } }>;
    };
    expect(body.rules.perCapita).toBe(true);
    expect(body.view).toEqual({ scoring: 'perCapita', official: false });
    // Camogli 8 posts / 5,481 people; Sestri Levante 1 / 18,172; Genova 6 / 586,180.
    expect(body.standings.map((s) => [s.rank, s.locality.name, s.components.posts.perCapita])).toEqual([
      [1, 'Camogli', 1.4596],
      [2, 'Sestri Levante', 0.055],
      [3, 'Genova', 0.0102],
    ]);
    const etag = res.headers.get('etag') as string;
    expect(etag).not.toBe((await get(`/v1/challenges/${CHALLENGE}/leaderboard`)).headers.get('etag'));
    expect((await get(`/v1/challenges/${CHALLENGE}/leaderboard?scoring=perCapita`, { 'if-none-match': etag })).status).toBe(304);

    const official = await get(`/v1/challenges/${CHALLENGE}/leaderboard?scoring=raw`);
    expect(official.headers.get('etag')).toBe((await get(`/v1/challenges/${CHALLENGE}/leaderboard`)).headers.get('etag'));

    const bad = await get(`/v1/challenges/${CHALLENGE}/leaderboard?scoring=loudest`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ param: 'scoring' }] });
    expect((await get('/v1/challenges/nope/leaderboard')).status).toBe(404);
  });

  it('exposes Prometheus metrics for polls, posts, quarantine, limits, budgets, batches and snapshot age', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    const line = (prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));
    expect(line(`campanile_polls_total{source="${SOURCE}",outcome="ok"}`)).toMatch(/ 1$/);
    expect(line(`campanile_posts_ingested_total{source="${SOURCE}",kind="new"}`)).toMatch(/ 10$/);
    expect(line(`campanile_items_quarantined_total{source="${SOURCE}"}`)).toMatch(/ 1$/);
    expect(line(`campanile_rate_limit_waits_total{source="${SOURCE}",reason="budget"}`)).toMatch(/ 1$/);
    expect(line(`campanile_source_budget_remaining{source="${SOURCE}",budget="requests"}`)).toMatch(/ 0$/);
    // Both pages of the poll are written in one batch transaction.
    expect(line(`campanile_ingest_batch_seconds_count{source="${SOURCE}"}`)).toMatch(/ 1$/);
    expect(line(`campanile_snapshots_published_total{challenge="${CHALLENGE}"}`)).toMatch(/ 1$/);
    // The latest snapshot was generated at 12:20; the clock says 12:20 too, then moves on.
    clock = new Date('2026-06-11T12:23:00Z');
    const later = await (await get('/metrics')).text();
    expect(later).toContain(`campanile_snapshot_age_seconds{challenge="${CHALLENGE}"} 180`);
  });

  it('reports volume and sentiment per town and per platform, validating the time range', async () => {
    const res = await get('/v1/campaigns/orgoglioliguria/stats?from=2026-06-10T00:00:00Z&to=2026-06-11T00:00:00Z&bucket=day');
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      totals: { posts: number };
      localities: Array<{ name: string | null; posts: number }>;
      platforms: Array<{ platform: string; posts: number; sentiment: { positiveShare: number | null } }>;
      series: Array<{ bucket: string; posts: number }>;
    };
    expect(body.totals.posts).toBe(15);
    expect(body.localities.map((l) => [l.name, l.posts])).toEqual([
      ['Camogli', 8],
      ['Genova', 6],
      ['Sestri Levante', 1],
    ]);
    expect(body.platforms.map((p) => [p.platform, p.posts])).toEqual([['mastodon', 15]]);
    expect(body.series).toEqual([{ bucket: '2026-06-10', posts: 15 }]);

    const outside = (await (await get('/v1/campaigns/orgoglioliguria/stats?from=2026-06-12T00:00:00Z&to=2026-06-13T00:00:00Z')).json()) as {
      totals: { posts: number };
    };
    expect(outside.totals.posts).toBe(0);

    const cases: Array<[string, string]> = [
      ['from=yesterday', 'from'],
      ['from=2026-06-12T00:00:00Z&to=2026-06-11T00:00:00Z', 'to'],
      ['from=2026-01-01T00:00:00Z&to=2026-06-01T00:00:00Z', 'to'],
      ['bucket=week', 'bucket'],
      ['form=2026-06-01T00:00:00Z', 'form'],
    ];
    for (const [query, param] of cases) {
      const bad = await get(`/v1/campaigns/orgoglioliguria/stats?${query}`);
      expect(bad.status, query).toBe(400);
      const error = (await bad.json()) as { error: string; issues: Array<{ param: string; message: string }> };
      expect(
        error.issues.map((i) => i.param),
        query,
      ).toContain(param);
      expect(error.error).toContain(param);
    }
    expect((await get('/v1/campaigns/nope/stats')).status).toBe(404);
  });

  it('serves the page framable by any site, with a strict content policy, and 404 for unknown challenges', async () => {
    const page = await get(`/challenges/${CHALLENGE}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('x-frame-options')).toBeNull();
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain('frame-ancestors *');
    expect(csp).not.toContain('unsafe-inline');
    expect(await page.text()).toContain('../assets/leaderboard.js');
    expect((await get('/assets/leaderboard.js')).headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await get('/challenges/nope')).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: 'POST' })).status).toBe(405);
  });
});
