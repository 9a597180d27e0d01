import { describe, expect, it } from 'vitest';
import { computeAccountRanking, type AccountContender, type AccountSeriesRow } from '../../src/accounts/ranking.js';
import { accountsBlockSchema } from '../../src/config/campaigns.js';

const rules = accountsBlockSchema.parse({ windowDays: 30, populationFloor: 5000 });
const TODAY = '2026-06-30';

function row(
  localityId: string,
  platform: string,
  handle: string,
  day: string,
  followers: number | null,
  extra: Partial<AccountSeriesRow> = {},
): AccountSeriesRow {
  return { localityId, platform, handle, day, followers, following: 10, postsCount: null, engagementPerPost: null, missingReason: null, ...extra };
}

const genova: AccountContender = {
  id: '010025',
  name: 'Genova',
  code: '010025',
  population: 586180,
  accounts: { facebook: 'comunegenova', instagram: 'comunedigenova' },
};
const lectoure: AccountContender = {
  id: '32208',
  name: 'Lectoure',
  code: '32208',
  population: 3700,
  accounts: { facebook: 'lectoure', instagram: 'lectoure' },
};

describe('attrattiva digitale ranking', () => {
  it("ranks a small town's growth above a larger town's size", () => {
    const rows = [
      // Genova: many followers, growing slowly.
      row('010025', 'facebook', 'comunegenova', '2026-05-31', 120_000, { postsCount: 5000, engagementPerPost: 300 }),
      row('010025', 'facebook', 'comunegenova', '2026-06-30', 121_000, { postsCount: 5060, engagementPerPost: 300 }),
      row('010025', 'instagram', 'comunedigenova', '2026-05-31', 60_000),
      row('010025', 'instagram', 'comunedigenova', '2026-06-30', 60_500),
      // Lectoure: 2,000 → 2,600 on Facebook, 73 → 400 on Instagram.
      row('32208', 'facebook', 'lectoure', '2026-05-31', 2_000, { postsCount: 100, engagementPerPost: 40 }),
      row('32208', 'facebook', 'lectoure', '2026-06-30', 2_600, { postsCount: 130, engagementPerPost: 40 }),
      row('32208', 'instagram', 'lectoure', '2026-05-31', 73),
      row('32208', 'instagram', 'lectoure', '2026-06-30', 400),
    ];
    const weights = { growth: 1, followersPerCapita: 0, engagementRate: 0, postsPerWeek: 0, followers: 0.5 };
    const ranking = computeAccountRanking([genova, lectoure], rows, { ...rules, weights }, TODAY);
    expect(ranking.map((t) => [t.rank, t.locality.name, t.score])).toEqual([
      [1, 'Lectoure', 67.22],
      [2, 'Genova', 34.57],
    ]);
    // Growth is what puts Lectoure first: on size alone Genova leads.
    const bySize = computeAccountRanking([genova, lectoure], rows, { ...rules, weights: { ...weights, growth: 0 } }, TODAY);
    expect(bySize.map((t) => t.locality.name)).toEqual(['Genova', 'Lectoure']);
    const [small, large] = ranking;
    expect(large?.figures.followers).toBe(181_500);
    expect(small?.figures.followers).toBe(3_000);
    expect(small?.figures.growth).toEqual({ absolute: 927, relative: 0.4472, days: 30 });
    expect(large?.figures.growth.relative).toBe(0.0083);
    // 2,600 + 400 followers over max(3,700, 5,000) inhabitants.
    expect(small?.figures.followersPerThousand).toBe(600);
    expect(small?.figures.postsPerWeek).toBe(7);
    expect(small?.figures.engagementRate).toBe(1.5385);
  });

  it('keeps missing data missing: no zeros, the score rests on what the town has, no figure → no rank', () => {
    const alatri: AccountContender = { id: '060004', name: 'Alatri', code: '060004', population: 28000, accounts: { facebook: 'alatri', tiktok: 'alatri' } };
    const cecina: AccountContender = { id: '049007', name: 'Cecina', code: '049007', population: 28000, accounts: { instagram: 'cecina' } };
    const nowhere: AccountContender = { id: 'x', name: 'Nowhere', code: null, population: 100, accounts: { x: 'nowhere' } };
    const rows = [
      row('060004', 'facebook', 'alatri', '2026-06-01', 1_000),
      row('060004', 'facebook', 'alatri', '2026-06-30', 1_100),
      // TikTok refused the credentials every day: missing, with the reason.
      row('060004', 'tiktok', 'alatri', '2026-06-30', null, { following: null, missingReason: 'unauthorized' }),
      // Cecina has one reading only: followers but no growth.
      row('049007', 'instagram', 'cecina', '2026-06-30', 1_700),
      row('x', 'x', 'nowhere', '2026-06-30', null, { following: null, missingReason: 'not_found' }),
      // A reading older than the window is ignored.
      row('049007', 'instagram', 'cecina', '2026-04-01', 10),
    ];
    const ranking = computeAccountRanking([alatri, cecina, nowhere], rows, rules, TODAY);
    const by = (name: string) => ranking.find((t) => t.locality.name === name);

    const tiktok = by('Alatri')?.accounts.find((a) => a.platform === 'tiktok');
    expect(tiktok).toMatchObject({ followers: null, followerGrowth: null, missing: 'unauthorized' });
    expect(by('Alatri')?.figures.followers).toBe(1_100);

    expect(by('Cecina')?.figures.growth).toEqual({ absolute: null, relative: null, days: null });
    expect(by('Cecina')?.normalized.growth).toBeNull();
    // Cecina is scored on followers per 1,000 only (weight 1 of 3.5): coverage says so.
    expect(by('Cecina')?.coverage).toBe(0.2857);
    expect(by('Cecina')?.score).toBe(100);

    expect(by('Nowhere')).toMatchObject({ rank: null, score: null, coverage: 0 });
    expect(by('Nowhere')?.figures).toEqual({
      followers: null,
      followersPerThousand: null,
      growth: { absolute: null, relative: null, days: null },
      postsPerWeek: null,
      engagementRate: null,
    });
    expect(ranking.at(-1)?.locality.name).toBe('Nowhere');
  });

  it('shares ranks on equal scores and ignores rows of a handle no longer configured', () => {
    const a: AccountContender = { id: 'a', name: 'Alfa', code: null, population: 5000, accounts: { mastodon: 'alfa@m.test' } };
    const b: AccountContender = { id: 'b', name: 'Beta', code: null, population: 5000, accounts: { mastodon: 'beta@m.test' } };
    const c: AccountContender = { id: 'c', name: 'Gamma', code: null, population: 5000, accounts: { mastodon: 'gamma@m.test' } };
    const rows = [
      row('a', 'mastodon', 'alfa@m.test', '2026-06-30', 500),
      row('b', 'mastodon', 'beta@m.test', '2026-06-30', 500),
      row('c', 'mastodon', 'gamma@m.test', '2026-06-30', 100),
      row('c', 'mastodon', 'old-gamma@m.test', '2026-06-30', 99_000),
    ];
    const ranking = computeAccountRanking([c, b, a], rows, rules, TODAY);
    expect(ranking.map((t) => [t.rank, t.locality.name])).toEqual([
      [1, 'Alfa'],
      [1, 'Beta'],
      [3, 'Gamma'],
    ]);
  });
});
