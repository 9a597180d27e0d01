import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/leaderboard/snapshot.js';
import { SNAPSHOT_JSON_SCHEMA_PATH } from '../../src/leaderboard/snapshot-json-schema.js';
import { STATS_JSON_SCHEMA_PATH } from '../../src/server/stats-schema.js';
import { sourceKey } from '../../src/connectors/index.js';
import { createHttpClient } from '../../src/http/client.js';
import { publishLeaderboard } from '../../src/jobs/publish-leaderboard.js';
import { createMetrics } from '../../src/metrics.js';
import { createHttpServer, type HttpServer } from '../../src/server/server.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestAndPublish, startServer, townPosts } from '../helpers/challenge.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';

// A hamlet of 453 inhabitants against a floor of 5,000, an author over the daily cap, posts for no town.
const campaign = campaignFromYaml(`
campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, instance: "https://mastodon.test", schedule: "*/5 * * * *" }
    localities:
      extra:
        - { name: Genova, code: "010025", population: 586180, hashtags: ["#genova"] }
        - { name: Camogli, code: "010007", population: 5481, hashtags: ["#camogli"] }
        - { name: Portofino, code: "010044", population: 453, hashtags: ["#portofino"] }
    challenge:
      start: "2026-06-01"
      end: "2026-06-30"
      perCapita: true
      populationFloor: 5000
      capPerAuthorPerDay: 2
      dedupeTexts: false
      moderation: { hiddenPosts: ["mastodon:hidden-by-yaml"] }
`);
const likes = (n: number) => ({ likes: n, reposts: 0, replies: 0, quotes: 0, views: null });
const ADMIN_TOKEN = 'test-admin-token-0123456789';

const ajv = new Ajv2020({ allErrors: true });
addFormats.default(ajv);
const validateSnapshot = ajv.compile(JSON.parse(readFileSync(SNAPSHOT_JSON_SCHEMA_PATH, 'utf8')) as object);
const validateStats = ajv.compile(JSON.parse(readFileSync(STATS_JSON_SCHEMA_PATH, 'utf8')) as object);

describe.each(BACKENDS)('leaderboard endpoint (%s)', (backend) => {
  let database: TestDatabase;
  let server: HttpServer;
  let base: string;
  const log = silentLogger();
  const now = () => new Date('2026-06-11T12:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    await ingestAndPublish(
      database.db,
      campaign,
      [
        {
          items: [
            ...townPosts(6, { tag: 'portofino' }, { authorId: 'one-fan', authorHandle: 'fan@example.social' }),
            ...townPosts(3, { tag: 'camogli' }),
            ...townPosts(
              1,
              { tag: 'camogli' },
              { url: 'javascript:alert(document.cookie)', engagement: { likes: 90, reposts: 0, replies: 0, quotes: 0, views: null } },
            ),
            ...townPosts(8, { tag: 'genova' }),
            ...townPosts(
              1,
              { tag: 'genova', text: 'Traffico terribile a Genova, che disastro #orgoglioliguria #genova' },
              { externalId: 'negative', engagement: likes(80) },
            ),
            ...townPosts(1, { tag: 'genova' }, { externalId: 'hidden-by-yaml', engagement: likes(70) }),
            ...townPosts(3, { text: 'Che bella giornata #orgoglioliguria' }),
          ],
          cursor: 'c1',
        },
      ],
      { log, now },
    );
    ({ server, url: base } = await startServer(database.db, [campaign], { log, now, metrics: createMetrics({ now }) }));
  });
  afterAll(async () => {
    await server?.close();
    await database?.dispose();
  });

  async function snapshotAt(path: string): Promise<{ body: string; doc: Snapshot; etag: string | null }> {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    return { body, doc: JSON.parse(body) as Snapshot, etag: res.headers.get('etag') };
  }

  it.each(['', '.json', '?scoring=perCapita', '?scoring=raw', '.json?scoring=raw'])(
    'answers /v1/challenges/ID/leaderboard%s with a document valid against the shipped JSON Schema',
    async (suffix) => {
      const { doc } = await snapshotAt(`/v1/challenges/orgoglioliguria/leaderboard${suffix}`);
      const valid = validateSnapshot(doc);
      expect(ajv.errorsText(validateSnapshot.errors), 'schema errors').toBe('No errors');
      expect(valid).toBe(true);
      expect(doc.view).toEqual(suffix.endsWith('raw') ? { scoring: 'raw', official: false } : undefined);
    },
  );

  it.each(['', '?bucket=hour', '?from=2026-06-10T00:00:00Z&to=2026-06-11T00:00:00Z'])(
    'answers /v1/campaigns/ID/stats%s with a document valid against the shipped JSON Schema',
    async (query) => {
      const res = await fetch(`${base}/v1/campaigns/orgoglioliguria/stats${query}`);
      expect(res.status).toBe(200);
      const valid = validateStats(await res.json());
      expect(ajv.errorsText(validateStats.errors), 'schema errors').toBe('No errors');
      expect(valid).toBe(true);
    },
  );

  it('explains its totals: stored, counted and unattributed posts, the counted ones summing the standings', async () => {
    const { doc } = await snapshotAt('/v1/challenges/orgoglioliguria/leaderboard');
    const counted = doc.standings.reduce((n, s) => n + s.components.posts.raw, 0);
    expect(doc.coverage.posts).toEqual({ stored: 23, counted, unattributed: 3, lowConfidence: 0 });
    expect(counted).toBe(16); // Portofino's fan counts twice of six.
  });

  it('publishes the chart per 1,000 inhabitants with the floor, ending at each town’s counted posts', async () => {
    for (const suffix of ['', '?scoring=raw']) {
      const { doc } = await snapshotAt(`/v1/challenges/orgoglioliguria/leaderboard${suffix}`);
      for (const standing of doc.standings) {
        const points = doc.series.filter((p) => p.localityId === standing.locality.id);
        const last = points.at(-1);
        expect(last?.countedToDate).toBe(standing.components.posts.raw);
      }
      const portofino = doc.series.filter((p) => p.localityId === '010044').at(-1);
      expect(portofino?.countedToDatePerCapita).toBe(0.4); // 2 counted posts / max(453, 5000) × 1,000
    }
    const official = (await snapshotAt('/v1/challenges/orgoglioliguria/leaderboard')).doc;
    expect(official.standings.find((s) => s.locality.name === 'Portofino')?.components.posts.perCapita).toBe(0.4);
  });

  it('never publishes a top post link that is not a plain http(s) URL', async () => {
    const { body, doc } = await snapshotAt('/v1/challenges/orgoglioliguria/leaderboard');
    const camogli = doc.standings.find((s) => s.locality.name === 'Camogli');
    expect(camogli?.topPosts[0]).toMatchObject({ engagement: 90, url: null });
    expect(body).not.toContain('javascript:');
  });

  it('shows no negative and no hidden post as a top post; an admin with the token hides one at once', async () => {
    const genova = (doc: Snapshot) => doc.standings.find((s) => s.locality.name === 'Genova')?.topPosts.map((p) => p.externalId) ?? [];
    const first = await snapshotAt('/v1/challenges/orgoglioliguria/leaderboard');
    expect(genova(first.doc)).toHaveLength(3);
    expect(genova(first.doc)).not.toContain('negative');
    expect(genova(first.doc)).not.toContain('hidden-by-yaml');
    expect(first.doc.standings.flatMap((s) => s.topPosts).every((p) => p.sentiment !== 'negative')).toBe(true);

    const admin = await createHttpServer({
      db: database.db,
      campaigns: [campaign],
      sourceKeys: [sourceKey(campaign.id, campaign.sources[0]!, 0)],
      log,
      now,
      metrics: createMetrics({ now }),
      adminToken: ADMIN_TOKEN,
    });
    const { url } = await admin.listen(0, '127.0.0.1');
    try {
      const moderation = `${url}/v1/admin/challenges/orgoglioliguria/moderation`;
      const post = (body: unknown, token?: string) =>
        fetch(moderation, {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        });
      const target = genova(first.doc)[0] ?? '';
      expect((await post({ hide: [`mastodon:${target}`] })).status).toBe(401);
      expect((await post({ hide: [`mastodon:${target}`] }, 'wrong-token-0123456789')).status).toBe(401);
      const bad = await post({ hide: ['no-platform'] }, ADMIN_TOKEN);
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toMatch(/^invalid body: hide\.0: expected "platform:externalId"/);

      const hidden = await post({ hide: [`mastodon:${target}`], negativeTopPosts: true }, ADMIN_TOKEN);
      expect(hidden.status).toBe(200);
      expect(await hidden.json()).toEqual({
        challenge: 'orgoglioliguria',
        hiddenPosts: ['mastodon:hidden-by-yaml', `mastodon:${target}`].sort(),
        negativeTopPosts: true,
      });

      const res = await fetch(`${url}/v1/challenges/orgoglioliguria/leaderboard`);
      const after = (await res.json()) as Snapshot;
      expect(res.headers.get('etag')).not.toBe(first.etag);
      expect(genova(after)).not.toContain(target);
      expect(validateSnapshot(after)).toBe(true);

      // Negative posts allowed from now on: the next snapshot shows Genova's.
      await publishLeaderboard(campaign, { db: database.db, log, now, outDir: await mkdtemp(join(tmpdir(), 'campanile-out-')), http: createHttpClient() });
      const next = (await (await fetch(`${url}/v1/challenges/orgoglioliguria/leaderboard`)).json()) as Snapshot;
      expect(genova(next)[0]).toBe('negative');
      expect(genova(next)).not.toContain(target);
    } finally {
      await admin.close();
    }
    // Without a configured token the admin endpoints are off.
    expect((await fetch(`${base}/v1/admin/challenges/orgoglioliguria/moderation`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })).status).toBe(403);
  });

  it('serves a favicon', async () => {
    const res = await fetch(`${base}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
  });
});
