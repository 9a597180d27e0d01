import { sql } from 'drizzle-orm';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzePost, prepareCampaign } from '../../src/analysis/analyze.js';
import { mastodonSourceSchema, type MastodonSourceConfig } from '../../src/connectors/mastodon/platform.js';
import { createMastodonConnector } from '../../src/connectors/mastodon/index.js';
import { queryRows } from '../../src/db/client.js';
import { getSourceState } from '../../src/db/cursors.js';
import type { Match, NormalizedPost } from '../../src/domain/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { createBatchWriter } from '../../src/jobs/page-batches.js';
import { pollSource, type PollTarget } from '../../src/jobs/poll-source.js';
import { BACKENDS, clearIngestTables, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML, makePost } from '../helpers/factories.js';
import { clearInjectedFailures, failInsertsContaining } from '../helpers/faults.js';
import { memoryLogger, silentLogger } from '../helpers/log.js';
import { idAtMs, mastodonStatus, tagTimelineHandler } from '../helpers/mastodon.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const NOW = new Date('2026-06-10T12:00:00Z');
const campaign = campaignFromYaml(LIGURIA_YAML);
const analyzer = prepareCampaign(campaign);

function target(base: string, key: string): PollTarget {
  const source: MastodonSourceConfig = mastodonSourceSchema.parse({
    platform: 'mastodon',
    instance: base,
    schedule: '* * * * *',
    maxPages: 5,
    limit: 20,
    local: false,
  });
  const log = silentLogger();
  return {
    key,
    campaign,
    analyzer,
    source,
    connector: createMastodonConnector(source, { http: createHttpClient(), log, now: () => NOW, sleep: async () => {} }),
  };
}

/** Statuses from a hostile instance: fields a connector passes through untouched, and values out of range. */
function hostileStatuses(base: string) {
  const status = (i: number, overrides: Record<string, unknown> = {}) => {
    const s = mastodonStatus(idAtMs(NOW.getTime() - 3_000_000 + i * 1000, i), {
      uri: `${base}/users/anna/statuses/${i}`,
      content: `<p>Post ${i} da Camogli #orgoglioliguria</p>`,
    });
    return { ...s, ...overrides, account: { ...s.account, ...((overrides.account as object | undefined) ?? {}) } } as ReturnType<typeof mastodonStatus>;
  };
  return [
    status(0),
    status(1, {
      language: 'it\u0000',
      url: `${base}/@anna/1\uD800`,
      tags: [{ name: 'orgoglio\u0000liguria' }],
      account: { acct: 'anna\u0000', uri: `${base}/users/anna\uDC00` },
    }),
    status(2, { account: { display_name: `${'x'.repeat(199)}🌊 tail` } }),
    status(3, { account: { followers_count: 2 ** 31 } }),
    status(4, { created_at: '0000-01-01T00:00:00.000Z' }),
    status(5),
  ];
}

describe.each(BACKENDS)('one hostile row never stops a source, on %s', (backend) => {
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
  const count = async (table: 'posts' | 'quarantine') =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from ${sql.raw(table)}`))[0]?.n;

  it('stores unsanitized pass-through fields cleaned, quarantines out-of-range values, and moves the cursor', async () => {
    const base = 'https://hostile.test';
    const statuses = hostileStatuses(base);
    server.use(tagTimelineHandler(base, () => statuses));
    const t = target(base, 'orgoglioliguria/mastodon/hostile.test');

    const outcome = await pollSource(t, { db: database.db, log: silentLogger(), now: () => NOW }, new AbortController().signal);
    expect(outcome).toMatchObject({ status: 'ok', inserted: 4, quarantined: 2 });
    expect((await getSourceState(database.db, t.key))?.cursor).toBe(statuses[5]?.id);

    const rows = await queryRows<{ author_handle: string; author_id: string; url: string; lang: string; author_name: string | null; hashtags: string[] }>(
      database.db,
      sql`select author_handle, author_id, url, lang, author_name, hashtags from posts`,
    );
    for (const row of rows) {
      for (const value of [row.author_handle, row.author_id, row.url, row.lang, row.author_name ?? '', ...row.hashtags]) {
        expect(value).not.toContain('\u0000');
        expect(value.isWellFormed()).toBe(true);
      }
    }
    const reasons = (await queryRows<{ reason: string }>(database.db, sql`select reason from quarantine order by reason`)).map((r) => r.reason);
    expect(reasons).toEqual([expect.stringMatching(/account\.followers_count/), expect.stringMatching(/created_at/)]);
  });

  it('quarantines a row the database still refuses, with its reason, table and key, and stores the rest with the cursor', async () => {
    const page = (cursor: string, posts: NormalizedPost[]) => ({
      sourceKey: 'refused',
      platform: 'mastodon',
      posts,
      matches: posts.map((p) => analyzePost(p, analyzer)).filter((m): m is Match => m !== null),
      quarantined: [],
      cursor,
    });
    const refused = makePost({ text: 'Camogli #orgoglioliguria', authorFollowers: 3_000_000_000 });
    const rejected: string[] = [];
    const writer = createBatchWriter({ db: database.db, counting: {}, onWritten: (r) => rejected.push(...r.rejected.map((q) => q.reason)) });
    await writer.add(page('1', [makePost({ text: 'Camogli #orgoglioliguria' })]));
    await writer.add(page('2', [makePost({ text: 'Recco #orgoglioliguria' }), refused, makePost({ text: 'Sori #orgoglioliguria' })]));
    await writer.drain();

    expect(await count('posts')).toBe(3);
    expect((await getSourceState(database.db, 'refused'))?.cursor).toBe('2');
    const stored = await queryRows<{ reason: string; payload: string }>(database.db, sql`select reason, payload from quarantine`);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.reason).toMatch(/out of range for type integer/);
    expect(stored[0]?.reason).toContain('posts');
    expect(stored[0]?.reason).toContain(refused.externalId);
    expect(stored[0]?.reason.length).toBeLessThanOrEqual(400);
    expect(stored[0]?.payload).toContain(refused.externalId);
    expect(rejected).toEqual([stored[0]?.reason]);
    const totals = await queryRows<{ posts: number }>(database.db, sql`select sum(posts)::int as posts from rollups`);
    expect(totals[0]?.posts).toBe(3);
  });

  it('stores and logs the database reason of a failed poll, bounded, never the failed query and its rows', async () => {
    const base = 'https://failing.test';
    const secretText = 'private words of another user';
    const statuses = Array.from({ length: 30 }, (_, i) =>
      mastodonStatus(idAtMs(NOW.getTime() - 3_000_000 + i * 1000, i), {
        uri: `${base}/users/anna/statuses/${i}`,
        content: `<p>${i === 29 ? 'FAIL-HERE' : secretText} ${'Camogli '.repeat(200)} #orgoglioliguria</p>`,
      }),
    );
    server.use(tagTimelineHandler(base, () => statuses));
    await failInsertsContaining(database.db, 'FAIL-HERE');
    const { log, text } = memoryLogger();
    const t = target(base, 'orgoglioliguria/mastodon/failing.test');

    const outcome = await pollSource(t, { db: database.db, log, now: () => NOW }, new AbortController().signal);
    expect(outcome.status).toBe('failed');
    const lastError = (await getSourceState(database.db, t.key))?.lastError ?? '';
    expect(lastError).toMatch(/^injected failure/);
    expect(lastError).toContain('posts');
    expect(lastError.length).toBeLessThanOrEqual(400);
    expect(lastError).not.toContain(secretText);
    expect(text()).toContain('injected failure');
    expect(text()).not.toContain(secretText);
    expect(text().length).toBeLessThan(10_000);
  });
});
