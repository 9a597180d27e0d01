import type { Snapshot } from './snapshot.js';
import { computeStandings, type LocalityTotals } from './standings.js';

/**
 * The same snapshot scored the other way (raw counts ↔ per 1,000 inhabitants), for the page's
 * toggle. Decision: the server re-runs the one scoring function (computeStandings) on totals
 * read back from the snapshot, rather than the browser re-implementing the formula; counts are
 * stored exactly and the sentiment mean to 4 digits, so the re-score matches a fresh one.
 * Rank changes are only meaningful for the official scoring and are null here.
 */
export function rescoreSnapshot(snapshot: Snapshot, perCapita: boolean): Snapshot['standings'] {
  if (snapshot.rules.perCapita === perCapita) return snapshot.standings;
  const totals: LocalityTotals[] = snapshot.standings.map((s) => {
    const posts = s.components.posts.raw;
    return {
      localityId: s.locality.id,
      posts,
      authors: s.components.authors.raw,
      engagement: s.components.engagement.raw,
      sentimentSum: s.components.sentiment.raw * posts,
      positive: Math.round(s.positiveShare * posts),
      negative: Math.round(s.negativeShare * posts),
    };
  });
  const contenders = snapshot.standings.map((s) => s.locality);
  const topPosts = new Map(snapshot.standings.map((s) => [s.locality.id, s.topPosts]));
  const rules = { weights: snapshot.rules.weights, perCapita, populationFloor: snapshot.rules.populationFloor };
  return computeStandings(contenders, totals, rules).standings.map((s) => ({
    ...s,
    rankChange: null,
    scoreChange: null,
    topPosts: topPosts.get(s.locality.id) ?? [],
  }));
}
