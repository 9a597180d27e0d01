import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzePost, prepareCampaign } from '../../src/analysis/analyze.js';
import { markSourceFailure, markSourceSuccess } from '../../src/db/cursors.js';
import { ingestPage } from '../../src/db/ingest.js';
import type { Match, NormalizedPost } from '../../src/domain/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { publishLeaderboard } from '../../src/jobs/publish-leaderboard.js';
import { snapshotEtag } from '../../src/leaderboard/sinks.js';
import { snapshotSchema } from '../../src/leaderboard/snapshot.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, makePost } from '../helpers/factories.js';
import { memoryLogger } from '../helpers/log.js';

const WEBHOOK = 'https://hooks.example.test/leaderboard';
const campaign = campaignFromYaml(`
campaigns:
  - id: sfida
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, id: uno, instance: "https://mastodon.uno", schedule: "*/5 * * * *" }
      - { platform: mastodon, id: social, instance: "https://mastodon.social", schedule: "*/5 * * * *" }
    localities:
      gazetteer: it
      region: Liguria
      include: [Genova, Camogli]
      extra:
        - { name: Genova, aliases: [Zena] }
    challenge:
      start: "2026-06-01"
      end: "2026-06-30"
      perCapita: true
      populationFloor: 0
      weights: { posts: 1 }
      webhook: ${WEBHOOK}
`);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe.each(BACKENDS)('publishLeaderboard (%s)', (backend) => {
  let db: TestDatabase;
  let outDir: string;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    outDir = await mkdtemp(join(tmpdir(), 'campanile-snap-'));
  });
  afterAll(async () => {
    await db.dispose();
    await rm(outDir, { recursive: true, force: true });
  });

  it('publishes a per-capita snapshot with top posts and coverage, to the file, the table and the webhook', async () => {
    const analyzer = prepareCampaign(campaign);
    const posts: NormalizedPost[] = [
      ...Array.from({ length: 30 }, (_, i) =>
        makePost({ text: `Giro numero ${i} per i caruggi di Zena, che bello #orgoglioliguria`, authorId: `g${i}`, url: `https://mastodon.uno/@g${i}/1` }),
      ),
      ...Array.from({ length: 5 }, (_, i) =>
        makePost({
          text: `Camogli al tramonto, giorno ${i} di vacanza #orgoglioliguria`,
          authorId: `c${i}`,
          url: `https://mastodon.uno/@c${i}/1`,
          engagement: { likes: 10 + i, reposts: 0, replies: 0, quotes: 0, views: null },
        }),
      ),
      makePost({ text: 'Bella giornata in Liguria #orgoglioliguria', authorId: 'x' }),
    ];
    const matches = posts.map((p) => analyzePost(p, analyzer)).filter((m): m is Match => m !== null);
    await ingestPage(db.db, { sourceKey: 'sfida/uno', platform: 'mastodon', posts, matches, quarantined: [], counting: { sfida: analyzer.counting } });
    await markSourceSuccess(db.db, 'sfida/uno', new Date('2026-06-10T11:00:00Z'));
    await markSourceFailure(db.db, 'sfida/social', new Date('2026-06-10T11:00:00Z'), 'HTTP 503', null);

    const received: { body: unknown; etag: string | null }[] = [];
    server.use(
      http.post(WEBHOOK, async ({ request }) => {
        received.push({ body: await request.json(), etag: request.headers.get('etag') });
        return new HttpResponse(null, { status: 204 });
      }),
    );
    const client = createHttpClient();
    const { log } = memoryLogger();
    const snapshot = await publishLeaderboard(campaign, { db: db.db, log, now: () => new Date('2026-06-10T12:00:00Z'), outDir, http: client });
    await client.close();

    expect(snapshot).not.toBeNull();
    const s = snapshotSchema.parse(snapshot);
    // 30 posts in Genova (586,180 inhabitants) lose to 5 in Camogli (5,481) per capita.
    expect(s.standings.map((x) => [x.rank, x.locality.name, x.locality.code, x.components.posts.raw])).toEqual([
      [1, 'Camogli', '010007', 5],
      [2, 'Genova', '010025', 30],
    ]);
    expect(s.standings[0]?.topPosts[0]).toMatchObject({ url: 'https://mastodon.uno/@c4/1', engagement: 14 });
    expect(s.totals).toMatchObject({ posts: 36, attributedPosts: 35, unattributedPosts: 1, countedPosts: 35 });
    expect(s.coverage.complete).toBe(false);
    expect(s.coverage.sources.map((c) => [c.key, c.healthy])).toEqual([
      ['sfida/uno', true],
      ['sfida/social', false],
    ]);
    expect(s.series.reduce((n, p) => n + p.posts, 0)).toBe(35);

    const file = JSON.parse(await readFile(join(outDir, 'sfida.json'), 'utf8'));
    expect(file).toEqual(s);
    expect(received).toHaveLength(1);
    expect(received[0]?.body).toEqual(s);
    expect(received[0]?.etag).toBe(snapshotEtag(JSON.stringify(s)));
  });

  it('reports a failing webhook without failing the publication', async () => {
    server.use(http.post(WEBHOOK, () => new HttpResponse('nope', { status: 400 })));
    const client = createHttpClient();
    const { log, text } = memoryLogger();
    const snapshot = await publishLeaderboard(campaign, { db: db.db, log, now: () => new Date('2026-06-10T13:00:00Z'), outDir, http: client });
    await client.close();
    expect(snapshot?.standings[0]?.rankChange).toBe(0);
    expect(text()).toContain('snapshot webhook failed');
  });
});
