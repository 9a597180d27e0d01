import { describe, expect, it } from 'vitest';
import { computeStandings, type LocalityTotals } from '../../src/leaderboard/standings.js';

const towns = [
  { id: '010025', name: 'Genova', code: '010025', population: 586_180 },
  { id: '010007', name: 'Camogli', code: '010007', population: 5_481 },
  { id: '010059', name: 'Sestri Levante', code: '010059', population: 18_172 },
];
const totals = (id: string, posts: number, extra: Partial<LocalityTotals> = {}): LocalityTotals => ({
  localityId: id,
  posts,
  authors: posts,
  engagement: posts * 2,
  sentimentSum: 0,
  positive: 0,
  negative: 0,
  ...extra,
});
const postsOnly = { posts: 1, authors: 0, engagement: 0, sentiment: 0 };

describe('standings', () => {
  it('ranks by posts from known rollup totals, with each component explained', () => {
    const s = computeStandings(towns, [totals('010025', 500), totals('010007', 100), totals('010059', 50)], { weights: postsOnly, perCapita: false });
    expect(s.map((x) => [x.rank, x.locality.name, x.score])).toEqual([
      [1, 'Genova', 100],
      [2, 'Camogli', 20],
      [3, 'Sestri Levante', 10],
    ]);
    expect(s[1]?.components.posts).toEqual({ raw: 100, perCapita: null, normalized: 0.2 });
  });

  it('per 1,000 inhabitants, the small town overtakes the city', () => {
    const data = [totals('010025', 500), totals('010007', 100), totals('010059', 50)];
    const s = computeStandings(towns, data, { weights: postsOnly, perCapita: true });
    expect(s.map((x) => x.locality.name)).toEqual(['Camogli', 'Sestri Levante', 'Genova']);
    expect(s[0]?.components.posts.perCapita).toBeCloseTo((100 * 1000) / 5481, 3);
  });

  it('gives equal scores the same rank and orders them by posts, then name', () => {
    const s = computeStandings(towns, [totals('010025', 10), totals('010007', 10), totals('010059', 5)], { weights: postsOnly, perCapita: false });
    expect(s.map((x) => [x.rank, x.locality.name])).toEqual([
      [1, 'Camogli'],
      [1, 'Genova'],
      [3, 'Sestri Levante'],
    ]);
  });

  it('lists towns with no posts at zero rather than leaving them out', () => {
    const s = computeStandings(towns, [totals('010025', 3)], { weights: postsOnly, perCapita: false });
    expect(s).toHaveLength(3);
    expect(s.at(-1)?.score).toBe(0);
  });

  it('weights components: sentiment can reorder towns with equal volume', () => {
    const data = [
      totals('010025', 10, { sentimentSum: -5, negative: 6 }),
      totals('010007', 10, { sentimentSum: 6, positive: 7 }),
    ];
    const s = computeStandings(towns.slice(0, 2), data, { weights: { posts: 1, authors: 0, engagement: 0, sentiment: 1 }, perCapita: false });
    expect(s[0]?.locality.name).toBe('Camogli');
    expect(s[0]?.positiveShare).toBe(0.7);
    expect(s[1]?.negativeShare).toBe(0.6);
  });
});
