import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePost, prepareCampaign } from '../../src/analysis/analyze.js';
import { queryRows } from '../../src/db/client.js';
import { getSourceState } from '../../src/db/cursors.js';
import type { Match } from '../../src/domain/types.js';
import { createBatchWriter, type PreparedPage } from '../../src/jobs/page-batches.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML, makePost } from '../helpers/factories.js';
import { clearInjectedFailures, failInsertsContaining } from '../helpers/faults.js';

const analyzer = prepareCampaign(campaignFromYaml(LIGURIA_YAML));

const page = (sourceKey: string, cursor: string, text = 'Che bello a Camogli #orgoglioliguria'): PreparedPage => {
  const post = makePost({ text });
  return {
    sourceKey,
    platform: 'mastodon',
    posts: [post],
    matches: [analyzePost(post, analyzer)].filter((m): m is Match => m !== null),
    quarantined: [],
    cursor,
  };
};

describe.each(BACKENDS)('page batches on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await database.dispose();
  });
  const stored = async (key: string) =>
    (await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from posts where source_key = ${key}`))[0]?.n;

  it('writes pages in batches of at most maxPosts, each with its last page cursor', async () => {
    const transactions: number[] = [];
    const writer = createBatchWriter({ db: database.db, counting: {}, maxPosts: 2, onWritten: (_written, pages) => transactions.push(pages) });
    for (const cursor of ['1', '2', '3', '4', '5']) await writer.add(page('b1', cursor));
    await writer.drain();
    expect(transactions).toEqual([2, 2, 1]);
    expect(await stored('b1')).toBe(5);
    expect((await getSourceState(database.db, 'b1'))?.cursor).toBe('5');
  });

  it('when a batch fails, stores the pages before the failing one and stops the cursor there', async () => {
    await failInsertsContaining(database.db, 'FAIL-HERE');
    try {
      const writer = createBatchWriter({ db: database.db, counting: {}, maxPosts: 10, onWritten: () => {} });
      await writer.add(page('b2', '1'));
      await writer.add(page('b2', '2'));
      await writer.add(page('b2', '3', 'FAIL-HERE #orgoglioliguria'));
      await writer.add(page('b2', '4'));
      await expect(writer.drain()).rejects.toThrow();
    } finally {
      await clearInjectedFailures(database.db);
    }
    expect(await stored('b2')).toBe(2);
    expect((await getSourceState(database.db, 'b2'))?.cursor).toBe('2');
  });
});
