import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzePost, prepareCampaign } from '../../src/analysis/analyze.js';
import { mergeHashtags } from '../../src/analysis/hashtags.js';
import { queryRows } from '../../src/db/client.js';
import { ingestPage } from '../../src/db/ingest.js';
import type { Match, NormalizedPost } from '../../src/domain/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { publishLeaderboard } from '../../src/jobs/publish-leaderboard.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, makePost } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';

const campaign = (minConfidence: string) =>
  campaignFromYaml(`
campaigns:
  - id: sicuri
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, instance: "https://mastodon.uno", schedule: "*/5 * * * *" }
    localities: { gazetteer: it, region: Liguria, include: [Camogli, Mele] }
    challenge: { start: "2026-06-01", end: "2026-06-30", ${minConfidence} }
`);

const MELE = '010033';
const CAMOGLI = '010007';
const post = (text: string, authorId: string) => makePost({ text, authorId, hashtags: mergeHashtags([], text) });
const posts: NormalizedPost[] = [
  // "a Mele": a town whose name is also a word (apples), read from its locative context.
  post('Che festa oggi a Mele, tutti in piazza #orgoglioliguria', 'a1'),
  post('Tramonto su Camogli, che spettacolo #orgoglioliguria', 'a2'),
  post('Focaccia appena sfornata #camogli #orgoglioliguria', 'a3'),
  post('Bella giornata di sole #orgoglioliguria', 'a4'),
];

describe.each(BACKENDS)('a challenge minConfidence (%s)', (backend) => {
  let db: TestDatabase;
  let outDir: string;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
    outDir = await mkdtemp(join(tmpdir(), 'campanile-minconf-'));
  });
  afterAll(async () => {
    await db.dispose();
    await rm(outDir, { recursive: true, force: true });
  });

  it('stores a post attributed below it, with its method and confidence, but does not count it; the snapshot says how many', async () => {
    const c = campaign('minConfidence: 0.7');
    const analyzer = prepareCampaign(c);
    const matches = posts.map((p) => analyzePost(p, analyzer)).filter((m): m is Match => m !== null);
    await ingestPage(db.db, { sourceKey: 'k', platform: 'mastodon', posts, matches, quarantined: [], counting: { sicuri: analyzer.counting } });

    const rows = await queryRows<{ locality_id: string; method: string; confidence: number; counted: boolean; uncounted_reason: string | null }>(
      db.db,
      sql`select locality_id, method, confidence, counted, uncounted_reason from post_matches where campaign_id = 'sicuri' order by external_id`,
    );
    const mele = rows.find((r) => r.locality_id === MELE);
    expect(mele).toMatchObject({ method: 'text', counted: false, uncounted_reason: 'low_confidence' });
    expect(mele?.confidence).toBeLessThan(0.7);
    expect(rows.filter((r) => r.locality_id === CAMOGLI).map((r) => [r.method, r.counted])).toEqual(
      expect.arrayContaining([
        ['text', true],
        ['hashtag', true],
      ]),
    );

    const client = createHttpClient();
    const snapshot = await publishLeaderboard(c, { db: db.db, log: silentLogger(), now: () => new Date('2026-06-10T12:00:00Z'), outDir, http: client });
    await client.close();
    expect(snapshot?.coverage.posts).toEqual({ stored: 4, counted: 2, unattributed: 1, lowConfidence: 1 });
    expect(snapshot?.standings.find((s) => s.locality.id === MELE)?.components.posts.raw).toBe(0);
  });

  it('is validated in the challenge YAML', () => {
    expect(() => campaign('minConfidence: 1.5')).toThrow(/minConfidence/);
    expect(campaign('minConfidence: 0.6').challenge?.minConfidence).toBe(0.6);
  });
});
