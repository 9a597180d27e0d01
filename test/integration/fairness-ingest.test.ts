import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { analyzePost, prepareCampaign } from '../../src/analysis/analyze.js';
import { ingestPage } from '../../src/db/ingest.js';
import { localityTotals } from '../../src/db/rollups.js';
import { TOP_POSTS_PER_DAY, topPostsInWindow } from '../../src/db/top-posts.js';
import type { Match, NormalizedPost } from '../../src/domain/types.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, makePost } from '../helpers/factories.js';

let campaignId = 'c0';
const yaml = (challenge: string) => `
campaigns:
  - id: ${campaignId}
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, instance: "https://mastodon.test", schedule: "*/5 * * * *" }
    localities:
      extra:
        - { name: Camogli, code: "010007", population: 5481, hashtags: ["#camogli"] }
        - { name: Rapallo, code: "010046", population: 29226, hashtags: ["#rapallo"] }
    challenge: { start: "2026-06-01", end: "2026-06-30", ${challenge} }
`;
const WINDOW = { start: new Date('2026-05-31T22:00:00Z'), end: new Date('2026-06-30T22:00:00Z') };
const DAYS = { first: '2026-06-01', last: '2026-06-30' };

let seq = 0;
const post = (over: Partial<NormalizedPost> = {}): NormalizedPost => {
  seq += 1;
  return makePost({
    text: `Giornata numero ${seq} al porto, focaccia e mare #camogli #orgoglioliguria`,
    hashtags: ['camogli', 'orgoglioliguria'],
    createdAt: new Date(Date.UTC(2026, 5, 10, 8, seq % 60)),
    url: `https://mastodon.test/@a/${seq}`,
    ...over,
  });
};

describe.each(BACKENDS)('fairness rules at ingest (%s)', (backend) => {
  // One database per file; each test is a campaign of its own.
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await db.dispose();
  });
  beforeEach(() => {
    campaignId = `c${++seq}`;
  });

  const ingest = async (challenge: string, posts: NormalizedPost[]) => {
    const analyzer = prepareCampaign(campaignFromYaml(yaml(challenge)));
    const matches = posts.map((p) => analyzePost(p, analyzer)).filter((m): m is Match => m !== null);
    return ingestPage(db.db, { sourceKey: 'k', platform: 'mastodon', posts, matches, quarantined: [], counting: { [analyzer.campaignId]: analyzer.counting } });
  };
  const camogli = async () => (await localityTotals(db.db, campaignId, WINDOW, DAYS)).find((t) => t.localityId === '010007');

  it('counts at most capPerAuthorPerDay posts of an author per day, across pages', async () => {
    const author = { authorId: 'spammer', authorHandle: 'spammer@mastodon.test' };
    await ingest(
      'capPerAuthorPerDay: 3',
      [1, 2].map(() => post(author)),
    );
    await ingest(
      'capPerAuthorPerDay: 3',
      [1, 2, 3].map(() => post(author)),
    );
    await ingest('capPerAuthorPerDay: 3', [post({ ...author, createdAt: new Date('2026-06-11T09:00:00Z') })]);
    expect(await camogli()).toMatchObject({ allPosts: 6, posts: 4, authors: 1 });
  });

  it('keeps the cap when batches of one author are written at the same time', async () => {
    // On a server, concurrent transactions; the campaign's advisory lock serialises their counting.
    const author = { authorId: 'twin', authorHandle: 'twin@mastodon.test' };
    await Promise.all(
      [1, 2, 3, 4].map(() =>
        ingest(
          'capPerAuthorPerDay: 3',
          [1, 2].map(() => post(author)),
        ),
      ),
    );
    expect(await camogli()).toMatchObject({ allPosts: 8, posts: 3, authors: 1 });
  });

  it('counts a near-duplicate text once', async () => {
    const text = 'Che meraviglia Camogli oggi, il mare è bellissimo! #camogli #orgoglioliguria';
    await ingest('dedupeTexts: true', [post({ text, authorId: 'a1' }), post({ text: text.toUpperCase(), authorId: 'a2' })]);
    await ingest('dedupeTexts: true', [post({ text: `${text} 😍`, authorId: 'a3' })]);
    expect(await camogli()).toMatchObject({ allPosts: 3, posts: 1, authors: 1 });
  });

  it('counts a text once when batches carrying it are written at the same time', async () => {
    // The duplicate-text rule is stateful too: the same advisory lock serialises its reads and writes.
    const text = 'Tramonto su Camogli, le case colorate sul mare #camogli #orgoglioliguria';
    await Promise.all([1, 2, 3, 4].map((i) => ingest('dedupeTexts: true', [post({ text, authorId: `echo${i}` })])));
    expect(await camogli()).toMatchObject({ allPosts: 4, posts: 1, authors: 1 });
  });

  it('does not count excluded accounts, and not as authors either', async () => {
    await ingest('excludeAccounts: ["@comunecamogli"]', [
      post({ authorHandle: 'comunecamogli@mastodon.test', authorId: 'off' }),
      post({ authorId: 'citizen' }),
    ]);
    expect(await camogli()).toMatchObject({ allPosts: 2, posts: 1, authors: 1 });
  });

  it('does not count accounts younger than minAccountAgeDays or below minFollowers', async () => {
    await ingest('minAccountAgeDays: 30, minFollowers: 10', [
      post({ authorId: 'new', authorCreatedAt: new Date('2026-06-05T00:00:00Z') }),
      post({ authorId: 'few', authorFollowers: 3 }),
      post({ authorId: 'ok', authorFollowers: 300, authorCreatedAt: new Date('2020-01-01T00:00:00Z') }),
    ]);
    expect(await camogli()).toMatchObject({ allPosts: 3, posts: 1, authors: 1 });
  });

  it('moves counted engagement only for counted posts when a post is seen again', async () => {
    const excluded = post({ authorHandle: 'comunecamogli@mastodon.test', authorId: 'off' });
    const counted = post({ authorId: 'citizen' });
    const rules = 'excludeAccounts: ["comunecamogli"]';
    await ingest(rules, [excluded, counted]);
    const liked = (p: NormalizedPost) => ({ ...p, engagement: { ...p.engagement, likes: 100 } });
    await ingest(rules, [liked(excluded), liked(counted)]);
    expect(await camogli()).toMatchObject({ allEngagement: 200, engagement: 100 });
  });

  it('keeps the most engaging counted posts per town and day, links included', async () => {
    const posts = Array.from({ length: 8 }, (_, i) =>
      post({ authorId: `p${i}`, engagement: { likes: i * 10, reposts: 0, replies: 0, quotes: 0, views: null } }),
    );
    await ingest('excludeAccounts: []', posts);
    const top = await topPostsInWindow(db.db, campaignId, DAYS, 3);
    expect(top.map((t) => t.engagement)).toEqual([70, 60, 50]);
    expect(top[0]?.url).toBe(posts[7]?.url);
    expect(await topPostsInWindow(db.db, campaignId, DAYS, 100)).toHaveLength(TOP_POSTS_PER_DAY);
    // A post that climbs when seen again enters the top posts.
    await ingest('excludeAccounts: []', [{ ...(posts[0] as NormalizedPost), engagement: { likes: 500, reposts: 0, replies: 0, quotes: 0, views: null } }]);
    expect((await topPostsInWindow(db.db, campaignId, DAYS, 1))[0]?.engagement).toBe(500);
  });
});
