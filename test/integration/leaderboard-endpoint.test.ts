import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/leaderboard/snapshot.js';
import { SNAPSHOT_JSON_SCHEMA_PATH } from '../../src/leaderboard/snapshot-json-schema.js';
import { createMetrics } from '../../src/metrics.js';
import type { HttpServer } from '../../src/server/server.js';
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
    challenge: { start: "2026-06-01", end: "2026-06-30", perCapita: true, populationFloor: 5000, capPerAuthorPerDay: 2, dedupeTexts: false }
`);

const ajv = new Ajv2020({ allErrors: true });
addFormats.default(ajv);
const validateSnapshot = ajv.compile(JSON.parse(readFileSync(SNAPSHOT_JSON_SCHEMA_PATH, 'utf8')) as object);

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
            ...townPosts(1, { tag: 'camogli' }, { url: 'javascript:alert(document.cookie)', engagement: { likes: 90, reposts: 0, replies: 0, quotes: 0, views: null } }),
            ...townPosts(10, { tag: 'genova' }),
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

  async function snapshotAt(path: string): Promise<{ body: string; doc: Snapshot }> {
    const res = await fetch(`${base}${path}`);
    expect(res.status).toBe(200);
    const body = await res.text();
    return { body, doc: JSON.parse(body) as Snapshot };
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

  it('serves a favicon', async () => {
    const res = await fetch(`${base}/favicon.ico`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/svg+xml');
  });
});
