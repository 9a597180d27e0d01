import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareCampaign } from '../../src/analysis/analyze.js';
import { mastodonSourceSchema, type MastodonSourceConfig } from '../../src/connectors/mastodon/platform.js';
import { createMastodonConnector } from '../../src/connectors/mastodon/index.js';
import { queryRows } from '../../src/db/client.js';
import { getSourceState } from '../../src/db/cursors.js';
import { createHttpClient, type HttpClient } from '../../src/http/client.js';
import { pollSource, type PollTarget } from '../../src/jobs/poll-source.js';
import { generatePosts, LIGURIAN_TOWNS } from '../../src/simulator/generator.js';
import { startMastodonSimulator, type Fault, type MastodonSimulator } from '../../src/simulator/mastodon.js';
import { clearIngestTables, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';

const NOW = new Date();
const campaign = campaignFromYaml(LIGURIA_YAML.replace('"2026-06-01"', '"2020-01-01"'));
const log = silentLogger();

// Real HTTP against a local server: real timeouts, real socket resets, real truncated bodies.
describe('platform faults never crash the worker and never lose a post', () => {
  let database: TestDatabase;
  let faulty: MastodonSimulator;
  let healthy: MastodonSimulator;
  let http: HttpClient;

  const posts = (seed: number) =>
    generatePosts({
      seed,
      towns: LIGURIAN_TOWNS,
      start: new Date(NOW.getTime() - 3_600_000),
      end: new Date(NOW.getTime() - 60_000),
      count: 5,
      campaignTag: 'orgoglioliguria',
    });

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    faulty = await startMastodonSimulator();
    healthy = await startMastodonSimulator();
    faulty.add(posts(1));
    healthy.add(posts(2).map((p) => ({ ...p, seq: p.seq + 100 })));
    http = createHttpClient({ headersTimeoutMs: 300, bodyTimeoutMs: 300, maxBodyBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await http.close();
    await faulty.close();
    await healthy.close();
    await database.dispose();
  });
  beforeEach(async () => {
    await clearIngestTables(database.db);
  });

  const target = (sim: MastodonSimulator, key: string): PollTarget => {
    const source: MastodonSourceConfig = mastodonSourceSchema.parse({
      platform: 'mastodon',
      instance: sim.url,
      schedule: '* * * * *',
      maxPages: 5,
      limit: 40,
      local: false,
    });
    return {
      key,
      campaign,
      analyzer: prepareCampaign(campaign),
      source,
      connector: createMastodonConnector(source, { http, log, now: () => NOW, sleep: async () => {} }),
    };
  };
  const poll = (t: PollTarget) => pollSource(t, { db: database.db, log, now: () => NOW }, new AbortController().signal);
  const storedCount = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from posts`))[0]?.n;

  const transient: Array<[string, Fault[]]> = [
    ['500, 502, 503', [500, 502, 503].map((status) => ({ status, body: '{"error":"oops"}' }))],
    ['a timeout (no answer)', [{ network: 'hang' }]],
    ['a connection reset', [{ network: 'reset' }]],
    ['a 429 without reset headers', [{ status: 429, body: '{"error":"Too many requests"}' }]],
  ];
  it.each(transient)('retries through %s and stores the page', async (_name, faults) => {
    faulty.injectFaults(...faults);
    const outcome = await poll(target(faulty, 'faulty'));
    expect(outcome).toMatchObject({ status: 'ok', inserted: 5 });
  });

  it('pauses only the rate-limited source until X-RateLimit-Reset, and the others go on', async () => {
    const reset = new Date(NOW.getTime() + 5 * 60_000).toISOString();
    // The wait is longer than any retry: one answer is enough to pause the source.
    faulty.injectFaults({ status: 429, body: '{"error":"Too many requests"}', headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } });
    expect(await poll(target(faulty, 'faulty'))).toMatchObject({ status: 'failed' });
    expect((await getSourceState(database.db, 'faulty'))?.pausedUntil?.getTime()).toBeCloseTo(Date.parse(reset), -3);
    expect(await poll(target(faulty, 'faulty'))).toMatchObject({ status: 'paused' });
    expect(await poll(target(healthy, 'healthy'))).toMatchObject({ status: 'ok', inserted: 5 });
  });

  const payload: Array<[string, Fault]> = [
    ['truncated JSON', { status: 200, body: '[{"id":"1","uri":"x","created_at":"2026-' }],
    ['an HTML error page with status 200', { status: 200, body: '<!doctype html><title>Down for maintenance</title>' }],
    ['an enormous page', { status: 200, body: `[${'"x",'.repeat(30_000)}"x"]` }],
  ];
  it.each(payload)('fails the poll on %s without moving the cursor, and recovers on the next', async (_name, fault) => {
    const t = target(faulty, 'faulty');
    faulty.injectFaults(fault);
    const failed = await poll(t);
    expect(failed.status).toBe('failed');
    expect(await getSourceState(database.db, 'faulty')).toMatchObject({ cursor: null, consecutiveFailures: 1 });
    expect(await storedCount()).toBe(0);
    expect(await poll(t)).toMatchObject({ status: 'ok', inserted: 5 });
  });

  it('stores items with unknown new fields and quarantines those missing a required one', async () => {
    const t = target(faulty, 'faulty');
    const first = await poll(t);
    expect(first.inserted).toBe(5);
    // The platform changes its schema: one new field everywhere, one item without `account`.
    const cursor = (await getSourceState(database.db, 'faulty'))?.cursor as string;
    const page = [
      {
        id: `${BigInt(cursor) + 2n}`,
        uri: 'https://faulty/2',
        created_at: NOW.toISOString(),
        content: '<p>#orgoglioliguria</p>',
        brand_new_field: { x: 1 },
        account: { id: '1', username: 'u', acct: 'u' },
      },
      { id: `${BigInt(cursor) + 1n}`, uri: 'https://faulty/1', created_at: NOW.toISOString(), content: '<p>#orgoglioliguria</p>', brand_new_field: { x: 1 } },
    ];
    faulty.injectFaults({ status: 200, body: JSON.stringify(page) });
    const outcome = await poll(t);
    expect(outcome).toMatchObject({ status: 'ok', inserted: 1, quarantined: 1 });
    const reasons = await queryRows<{ reason: string }>(database.db, sql`select reason from quarantine`);
    expect(reasons.map((r) => r.reason)).toEqual([expect.stringContaining('account')]);
  });
});
