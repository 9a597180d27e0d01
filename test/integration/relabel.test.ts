import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePost, prepareCampaign } from '../../src/analysis/analyze.js';
import { queryRows } from '../../src/db/client.js';
import { ingestPage } from '../../src/db/ingest.js';
import { relabelPost } from '../../src/db/relabel.js';
import { localityTotals } from '../../src/db/rollups.js';
import type { Match } from '../../src/domain/types.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML, makePost } from '../helpers/factories.js';

const analyzer = prepareCampaign(campaignFromYaml(LIGURIA_YAML));
const WINDOW = { start: new Date('2026-06-01T00:00:00Z'), end: new Date('2026-07-01T00:00:00Z') };
const DAYS = { first: '2026-06-01', last: '2026-06-30' };

describe.each(BACKENDS)('relabelling a post by hand on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('changes the match, the town totals and keeps what it replaced', async () => {
    const ironic = makePost({ text: 'Bellissimo, tre ore di coda a Camogli #orgoglioliguria #camogli', hashtags: ['orgoglioliguria', 'camogli'] });
    const plain = makePost({ text: 'Camogli oggi #orgoglioliguria #camogli', hashtags: ['orgoglioliguria', 'camogli'] });
    const posts = [ironic, plain];
    const matches = posts.map((p) => analyzePost(p, analyzer)).filter((m): m is Match => m !== null);
    await ingestPage(database.db, { sourceKey: 's', platform: 'mastodon', posts, matches, quarantined: [], cursor: '1' });
    const before = (await localityTotals(database.db, 'orgoglioliguria', WINDOW, DAYS)).find((t) => t.localityId === '010007');

    const result = await relabelPost(database.db, {
      campaignId: 'orgoglioliguria',
      platform: 'mastodon',
      externalId: ironic.externalId,
      label: 'negative',
      note: 'irony',
    });
    expect(result).toMatchObject({ status: 'relabelled', localityId: '010007' });
    const after = (await localityTotals(database.db, 'orgoglioliguria', WINDOW, DAYS)).find((t) => t.localityId === '010007');
    const previousScore = result.status === 'relabelled' ? result.previousScore : 0;
    expect(after?.negative).toBe((before?.negative ?? 0) + (result.status === 'relabelled' && result.previousLabel === 'negative' ? 0 : 1));
    expect(after?.sentimentSum).toBeCloseTo((before?.sentimentSum ?? 0) - 1 - previousScore, 5);
    expect(after?.posts).toBe(before?.posts);

    expect(await relabelPost(database.db, { campaignId: 'orgoglioliguria', platform: 'mastodon', externalId: ironic.externalId, label: 'negative' })).toEqual({
      status: 'unchanged',
    });
    expect(await relabelPost(database.db, { campaignId: 'orgoglioliguria', platform: 'mastodon', externalId: 'nope', label: 'negative' })).toEqual({
      status: 'not-found',
    });
    const audit = await queryRows<{ label: string; note: string }>(database.db, sql`select label, note from sentiment_overrides`);
    expect(audit).toEqual([{ label: 'negative', note: 'irony' }]);

    // A later poll that sees the post again does not undo the person's label.
    await ingestPage(database.db, { sourceKey: 's', platform: 'mastodon', posts, matches, quarantined: [], cursor: '2' });
    const [row] = await queryRows<{ sentiment_label: string }>(
      database.db,
      sql`select sentiment_label from post_matches where external_id = ${ironic.externalId}`,
    );
    expect(row?.sentiment_label).toBe('negative');
  });
});
