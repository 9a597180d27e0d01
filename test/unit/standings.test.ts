import { describe, expect, it } from 'vitest';
import { COMPONENTS, computeStandings, type Contender, type LocalityTotals } from '../../src/leaderboard/standings.js';

const town = (id: string, name: string, population: number | null): Contender => ({ id, name, code: id, population });
const totals = (localityId: string, posts: number, extra: Partial<LocalityTotals> = {}): LocalityTotals => ({
  localityId,
  posts,
  authors: posts,
  engagement: posts * 3,
  sentimentSum: 0,
  positive: 0,
  negative: 0,
  ...extra,
});
const postsOnly = { posts: 1, authors: 0, engagement: 0, sentiment: 0 };
const names = (s: ReturnType<typeof computeStandings>) => s.standings.map((x) => x.locality.name);

const genova = town('010025', 'Genova', 586_180);
const camogli = town('010007', 'Camogli', 5_481);
const portofino = town('010044', 'Portofino', 453);

describe('computeStandings', () => {
  it('per-capita scoring flips the raw ranking', () => {
    const data = [totals('010025', 900), totals('010007', 120)];
    expect(names(computeStandings([genova, camogli], data, { weights: postsOnly, perCapita: false }))).toEqual(['Genova', 'Camogli']);
    expect(names(computeStandings([genova, camogli], data, { weights: postsOnly, perCapita: true, populationFloor: 0 }))).toEqual(['Camogli', 'Genova']);
  });

  it('a population floor keeps a hamlet from winning with a handful of posts', () => {
    const data = [totals('010044', 59), totals('010007', 250)];
    const bare = computeStandings([portofino, camogli], data, { weights: postsOnly, perCapita: true, populationFloor: 0 });
    expect(names(bare)).toEqual(['Portofino', 'Camogli']);
    const floored = computeStandings([portofino, camogli], data, { weights: postsOnly, perCapita: true, populationFloor: 5000 });
    expect(names(floored)).toEqual(['Camogli', 'Portofino']);
    expect(floored.standings[1]?.components.posts.perCapita).toBeCloseTo((59 * 1000) / 5000, 4);
  });

  it('ranks equal scores the same and lists them by counted posts, then authors, then name', () => {
    const a = town('a', 'Bogliasco', 4000);
    const b = town('b', 'Arenzano', 4000);
    const c = town('c', 'Cogoleto', 4000);
    const d = town('d', 'Zoagli', 4000);
    const s = computeStandings(
      [a, b, c, d],
      [totals('a', 10, { authors: 3 }), totals('b', 10, { authors: 3 }), totals('c', 10, { authors: 5 }), totals('d', 4)],
      {
        weights: postsOnly,
        perCapita: false,
      },
    );
    expect(s.standings.map((x) => [x.rank, x.locality.name])).toEqual([
      [1, 'Cogoleto'],
      [1, 'Arenzano'],
      [1, 'Bogliasco'],
      [4, 'Zoagli'],
    ]);
  });

  it('every score is explainable from the listed components, weights and bases', () => {
    const weights = { posts: 1, authors: 1, engagement: 0.5, sentiment: 0.25 };
    const data = [
      totals('010025', 500, { authors: 200, engagement: 4000, sentimentSum: 100 }),
      totals('010007', 90, { authors: 70, engagement: 1500, sentimentSum: -9 }),
      totals('010044', 10, { authors: 9, engagement: 300, sentimentSum: 5 }),
    ];
    const board = computeStandings([genova, camogli, portofino], data, { weights, perCapita: true, populationFloor: 5000 });
    const weightSum = COMPONENTS.reduce((s, c) => s + weights[c], 0);
    for (const s of board.standings) {
      const population = Math.max(s.locality.population ?? 0, 5000);
      for (const c of ['posts', 'authors', 'engagement'] as const) {
        expect(s.components[c].perCapita).toBeCloseTo((s.components[c].raw * 1000) / population, 3);
        expect(s.components[c].normalized).toBeCloseTo((s.components[c].perCapita as number) / board.best[c], 3);
      }
      expect(s.components.sentiment.normalized).toBeCloseTo((s.components.sentiment.raw + 1) / 2 / board.best.sentiment, 3);
      const recomputed = (100 * COMPONENTS.reduce((sum, c) => sum + weights[c] * s.components[c].normalized, 0)) / weightSum;
      expect(s.score).toBeCloseTo(recomputed, 1);
    }
  });

  it('gives a town without posts nothing for sentiment', () => {
    const s = computeStandings([genova, camogli], [totals('010025', 5, { sentimentSum: -5 })], {
      weights: { posts: 0, authors: 0, engagement: 0, sentiment: 1 },
      perCapita: false,
    });
    expect(s.standings.find((x) => x.locality.name === 'Camogli')?.score).toBe(0);
  });
});
