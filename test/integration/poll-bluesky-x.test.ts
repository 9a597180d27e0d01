import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCampaign } from '../../src/analysis/analyze.js';
import { createConnector } from '../../src/connectors/index.js';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { getSourceState } from '../../src/db/cursors.js';
import { pollSource, type PollTarget } from '../../src/jobs/poll-source.js';
import { startBlueskySimulator, type BlueskySimulator } from '../../src/simulator/bluesky.js';
import { generatePosts, LIGURIAN_TOWNS } from '../../src/simulator/generator.js';
import type { Fault } from '../../src/simulator/mastodon.js';
import { startXSimulator, type XSimulator } from '../../src/simulator/x.js';
import { campaignFromYaml } from '../helpers/factories.js';
import { connectorDeps } from '../helpers/connector.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';

const NOW = new Date('2026-06-10T19:00:00Z');
const posts = generatePosts({
  seed: 3,
  towns: LIGURIAN_TOWNS,
  start: new Date('2026-06-09T19:00:00Z'),
  end: new Date('2026-06-10T18:00:00Z'),
  count: 150,
  campaignTag: 'orgoglioliguria',
});

const later = generatePosts({
  seed: 4,
  towns: LIGURIAN_TOWNS,
  start: new Date('2026-06-10T18:00:00Z'),
  end: new Date('2026-06-10T18:55:00Z'),
  count: 30,
  campaignTag: 'orgoglioliguria',
  firstSeq: posts.length,
});

function campaign(sourceYaml: string) {
  return campaignFromYaml(`
campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - ${sourceYaml}
    challenge: { start: "2026-06-01", end: "2026-06-30" }
`);
}

describe.each(BACKENDS)('polling the simulated Bluesky and X (%s)', (backend) => {
  let db: TestDatabase;
  let bsky: BlueskySimulator;
  let x: XSimulator;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    bsky = await startBlueskySimulator();
    x = await startXSimulator();
    bsky.add(posts);
    x.add(posts);
  });
  afterAll(async () => {
    await Promise.all([bsky?.close(), x?.close()]);
    await db?.dispose();
  });

  const cases = (): Array<{ name: string; yaml: string; sim: BlueskySimulator | XSimulator; limited: Fault }> => [
    {
      name: 'bluesky',
      yaml: `{ platform: bluesky, id: bsky, service: "${bsky.url}", identifier: demo.bsky.sim, appPassword: pw-123456, schedule: "* * * * *", limit: 40 }`,
      sim: bsky,
      limited: {
        status: 429,
        body: '{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}',
        headers: { 'ratelimit-remaining': '0', 'ratelimit-reset': String(Date.parse('2026-06-10T19:05:00Z') / 1000) },
      },
    },
    {
      name: 'x',
      yaml: `{ platform: x, id: x, apiBase: "${x.url}", bearerToken: "${x.token}", schedule: "* * * * *", limit: 40 }`,
      sim: x,
      limited: {
        status: 429,
        body: '{"title":"Too Many Requests","type":"about:blank","status":429,"detail":"Too Many Requests"}',
        headers: { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Date.parse('2026-06-10T19:05:00Z') / 1000) },
      },
    },
  ];

  it('walks all pages, pauses the limited source until the reset, then resumes from its cursor storing each post once', async () => {
    for (const c of cases()) {
      const clock = connectorDeps(NOW);
      const camp = campaign(c.yaml);
      const source = camp.sources[0]!;
      const target: PollTarget = {
        key: `orgoglioliguria/${c.name}`,
        campaign: camp,
        analyzer: prepareCampaign(camp),
        source,
        connector: createConnector(source, clock.deps),
      };
      const poll = () => pollSource(target, { db: db.db, log: clock.deps.log, now: clock.deps.now }, new AbortController().signal);

      const first = await poll();
      expect(first).toMatchObject({ status: 'ok', inserted: posts.length, quarantined: 0 });
      expect(first.pages).toBeGreaterThan(3);

      // New posts arrive, and the next request answers 429 with the window's reset.
      c.sim.add(later);
      c.sim.injectFaults(c.limited);
      const limited = await poll();
      expect(limited.status).toBe('failed');
      const state = await getSourceState(db.db, target.key);
      expect(state?.pausedUntil?.toISOString()).toBe('2026-06-10T19:05:00.000Z');
      expect(state?.lastError).toMatch(/rate limit/i);

      clock.setNow(new Date('2026-06-10T19:02:00Z'));
      expect((await poll()).status).toBe('paused');

      clock.setNow(new Date('2026-06-10T19:06:00Z'));
      const resumed = await poll();
      expect(resumed.status).toBe('ok');
      expect(resumed.inserted).toBe(later.length);
      expect((await getSourceState(db.db, target.key))?.consecutiveFailures).toBe(0);
      const [row] = await queryRows<{ n: number }>(db.db, sql`select count(*)::int as n from posts where platform = ${c.name}`);
      expect(row?.n).toBe(posts.length + later.length);
    }
  });
});
