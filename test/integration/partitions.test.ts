import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCampaign, analyzePost } from '../../src/analysis/analyze.js';
import { queryRows } from '../../src/db/client.js';
import { ingestPage } from '../../src/db/ingest.js';
import { dropExpiredPostPartitions, ensurePostPartitions, listPostPartitions } from '../../src/db/partitions.js';
import type { Match } from '../../src/domain/types.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML, makePost } from '../helpers/factories.js';

const analyzer = prepareCampaign(campaignFromYaml(LIGURIA_YAML));

describe.each(BACKENDS)('monthly post partitions on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('stores posts in their month, moves stragglers out of the default partition, and drops past the retention', async () => {
    const old = makePost({ createdAt: new Date('2020-03-15T10:00:00Z') });
    const recent = makePost({ createdAt: new Date('2026-11-02T10:00:00Z') });
    const posts = [old, recent];
    await ingestPage(database.db, {
      sourceKey: 's',
      platform: 'mastodon',
      posts,
      matches: posts.map((p) => analyzePost(p, analyzer)).filter((m): m is Match => m !== null),
      quarantined: [],
      cursor: '1',
    });
    const where = async () =>
      queryRows<{ part: string; external_id: string }>(database.db, sql`select tableoid::regclass::text as part, external_id from posts order by created_at`);
    expect((await where()).map((r) => r.part)).toEqual(['posts_default', 'posts_y2026m11']);

    // A partition created later for the old month takes the row out of the default partition.
    await ensurePostPartitions(database.db, new Date('2020-03-20T00:00:00Z'), 0, 0);
    expect((await where()).map((r) => r.part)).toEqual(['posts_y2020m03', 'posts_y2026m11']);

    const dropped = await dropExpiredPostPartitions(database.db, new Date('2026-11-21T00:00:00Z'), 12);
    expect(dropped).toContain('posts_y2020m03');
    expect(dropped).not.toContain('posts_y2026m11');
    expect((await where()).map((r) => r.external_id)).toEqual([recent.externalId]);
    expect(await listPostPartitions(database.db)).toContain('posts_y2026m11');
    // Aggregates outlive the raw posts.
    const rollup = await queryRows<{ n: number }>(database.db, sql`select sum(posts)::int as n from rollups`);
    expect(rollup[0]?.n).toBe(2);
  });
});
