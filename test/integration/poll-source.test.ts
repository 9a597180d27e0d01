import { sql } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { prepareCampaign } from '../../src/analysis/analyze.js';
import { mastodonSourceSchema, type MastodonSourceConfig } from '../../src/connectors/mastodon/platform.js';
import { createMastodonConnector } from '../../src/connectors/mastodon/index.js';
import { queryRows } from '../../src/db/client.js';
import { getSourceState } from '../../src/db/cursors.js';
import { createHttpClient } from '../../src/http/client.js';
import { pollSource, type PollTarget } from '../../src/jobs/poll-source.js';
import { BACKENDS, clearIngestTables, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML } from '../helpers/factories.js';
import { clearInjectedFailures, failInsertsContaining } from '../helpers/faults.js';
import { memoryLogger, silentLogger } from '../helpers/log.js';
import { idAtMs, mastodonStatus, tagTimelineHandler } from '../helpers/mastodon.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = new Date('2026-06-10T12:00:00Z');
const campaign = campaignFromYaml(LIGURIA_YAML);
const log = silentLogger();

function target(base: string, key: string): PollTarget {
  const source: MastodonSourceConfig = mastodonSourceSchema.parse({
    platform: 'mastodon',
    instance: base,
    schedule: '* * * * *',
    maxPages: 20,
    limit: 3,
    local: false,
  });
  return {
    key,
    campaign,
    analyzer: prepareCampaign(campaign),
    source,
    connector: createMastodonConnector(source, { http: createHttpClient(), log, now: () => NOW, sleep: async () => {} }),
  };
}

const statusesAt = (base: string, n: number, from = 0) =>
  Array.from({ length: n }, (_, i) =>
    mastodonStatus(idAtMs(NOW.getTime() - 3_000_000 + (from + i) * 1000, from + i), {
      uri: `${base}/users/anna/statuses/${from + i}`,
      content: `<p>Post ${from + i} da Camogli <a href="${base}/tags/orgoglioliguria" class="mention hashtag">#<span>orgoglioliguria</span></a></p>`,
    }),
  );

describe.each(BACKENDS)('polling a source on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await database.dispose();
  });
  beforeEach(async () => {
    await clearInjectedFailures(database.db);
    await clearIngestTables(database.db);
  });
  const deps = () => ({ db: database.db, log, now: () => NOW });
  const run = (t: PollTarget) => pollSource(t, deps(), new AbortController().signal);
  const storedPosts = async () => (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from posts`))[0]?.n;

  it('stores every page, then on the next poll only what is new', async () => {
    const base = 'https://one.test';
    const statuses = statusesAt(base, 7);
    server.use(tagTimelineHandler(base, () => statuses));
    const t = target(base, 'orgoglioliguria/mastodon/one.test');

    const first = await run(t);
    expect(first).toMatchObject({ status: 'ok', pages: 3, fetched: 7, inserted: 7 });
    expect((await getSourceState(database.db, t.key))?.cursor).toBe(statuses[6]?.id);

    statuses.push(...statusesAt(base, 2, 7));
    const second = await run(t);
    expect(second).toMatchObject({ status: 'ok', fetched: 2, inserted: 2, updated: 0 });
    expect(await storedPosts()).toBe(9);
  });

  it('leaves the cursor after the last stored page when a page fails, and resumes there', async () => {
    const base = 'https://two.test';
    const statuses = statusesAt(base, 7);
    statuses[4] = { ...statuses[4], content: '<p>FAIL-HERE #orgoglioliguria</p>' } as (typeof statuses)[number];
    server.use(tagTimelineHandler(base, () => statuses));
    const t = target(base, 'orgoglioliguria/mastodon/two.test');
    await failInsertsContaining(database.db, 'FAIL-HERE');

    const broken = await run(t);
    expect(broken.status).toBe('failed');
    expect(broken.inserted).toBe(3);
    const state = await getSourceState(database.db, t.key);
    expect(state?.cursor).toBe(statuses[2]?.id);
    expect(state).toMatchObject({ consecutiveFailures: 1 });
    expect(state?.lastError).toMatch(/^injected failure/);

    await clearInjectedFailures(database.db);
    const resumed = await run(t);
    expect(resumed).toMatchObject({ status: 'ok', inserted: 4 });
    expect(await storedPosts()).toBe(7);
    const totals = await queryRows<{ posts: number }>(database.db, sql`select sum(posts)::int as posts from rollups`);
    expect(totals[0]?.posts).toBe(7);
  });

  it('quarantines a malformed item and stores the rest of its page', async () => {
    const base = 'https://three.test';
    const statuses = statusesAt(base, 2);
    const { account: _gone, ...noAccount } = statusesAt(base, 1, 2)[0] as (typeof statuses)[number];
    server.use(tagTimelineHandler(base, () => [...statuses, noAccount as (typeof statuses)[number]]));
    const outcome = await run(target(base, 'orgoglioliguria/mastodon/three.test'));
    expect(outcome).toMatchObject({ status: 'ok', inserted: 2, quarantined: 1 });
    const rows = await queryRows<{ reason: string }>(database.db, sql`select reason from quarantine`);
    expect(rows[0]?.reason).toMatch(/account/);
  });

  it('pauses only the source whose rate limit is spent', async () => {
    const base = 'https://four.test';
    server.use(tagTimelineHandler(base, () => statusesAt(base, 2), { remaining: () => 0 }));
    const t = target(base, 'orgoglioliguria/mastodon/four.test');
    expect(await run(t)).toMatchObject({ status: 'ok', inserted: 2 });
    const state = await getSourceState(database.db, t.key);
    expect(state?.pausedUntil?.toISOString()).toBe('2026-08-01T13:55:00.729Z');
    expect(state?.budget).toMatchObject({ remaining: 0, limit: 300 });
    expect(await run(t)).toMatchObject({ status: 'paused', fetched: 0 });
  });

  it('warns when a source has brought nothing new for longer than it should', async () => {
    const base = 'https://seven.test';
    const statuses = statusesAt(base, 1);
    server.use(tagTimelineHandler(base, () => statuses));
    const t = target(base, 'orgoglioliguria/mastodon/seven.test');
    expect(await run(t)).toMatchObject({ inserted: 1 });
    const memory = memoryLogger();
    const later = new Date(Date.now() + 25 * 3_600_000);
    await pollSource(t, { db: database.db, log: memory.log, now: () => later }, new AbortController().signal);
    // The last new post was stored just now (database time): a day and an hour later is too long.
    const silent = memory
      .lines()
      .map((l) => JSON.parse(l) as { msg: string; thresholdMs?: number })
      .filter((l) => l.msg === 'source silent: no new post for longer than expected');
    expect(silent).toHaveLength(1);
    expect(silent[0]?.thresholdMs).toBe(24 * 3_600_000);
    const quiet = memoryLogger();
    await pollSource(t, { db: database.db, log: quiet.log, now: () => new Date() }, new AbortController().signal);
    expect(quiet.text()).not.toContain('source silent');
  });

  it('marks a source with a revoked token as failing while another source goes on', async () => {
    const bad = 'https://five.test';
    const good = 'https://six.test';
    server.use(
      http.get(`${bad}/api/v1/timelines/tag/:tag`, () => HttpResponse.json({ error: 'The access token was revoked' }, { status: 401 })),
      tagTimelineHandler(good, () => statusesAt(good, 1)),
    );
    const failing = target(bad, 'orgoglioliguria/mastodon/five.test');
    expect(await run(failing)).toMatchObject({ status: 'failed' });
    expect(await run(target(good, 'orgoglioliguria/mastodon/six.test'))).toMatchObject({ status: 'ok', inserted: 1 });
    const state = await getSourceState(database.db, failing.key);
    expect(state?.lastError).toMatch(/refused the access token.*set a valid accessToken/);
  });
});
