import type { ChallengeConfig } from '../config/campaigns.js';
import { round, weightedScore } from './score.js';

export const COMPONENTS = ['posts', 'authors', 'engagement', 'sentiment'] as const;
export type Component = (typeof COMPONENTS)[number];

/** A locality's counted measures over the window (after the fairness rules applied at ingest). */
export interface LocalityTotals {
  localityId: string;
  /** Every stored post and its engagement, counted or not (for the totals only). */
  allPosts?: number;
  allEngagement?: number;
  posts: number;
  authors: number;
  engagement: number;
  sentimentSum: number;
  positive: number;
  negative: number;
}

export interface Contender {
  id: string;
  name: string;
  code: string | null;
  population: number | null;
}

export interface ComponentValue {
  /** The measured value: a count, or for sentiment the mean score in [-1, 1]. */
  raw: number;
  /** Per 1,000 inhabitants (population floored at populationFloor) when per-capita scoring is on. */
  perCapita: number | null;
  /** 0..1: this contender's scored value divided by the best contender's (`best`); what the weights multiply. */
  normalized: number;
}

export interface Standing {
  rank: number;
  locality: Contender;
  score: number;
  components: Record<Component, ComponentValue>;
  positiveShare: number;
  /** 1 − positive − negative over the counted posts; 0 without posts. */
  neutralShare: number;
  negativeShare: number;
}

export interface Scoreboard {
  standings: Standing[];
  /** The best scored value per component: normalized = scored value / best. */
  best: Record<Component, number>;
}

export type ScoringRules = Pick<ChallengeConfig, 'weights' | 'perCapita'> & { populationFloor?: number };

/** The population a per-capita score divides by: max(population, floor); unknown populations count as the floor. */
export function scoringPopulation(population: number | null, floor: number): number | null {
  const p = Math.max(population ?? 0, floor);
  return p > 0 ? p : null;
}

/**
 * Standings as a pure function of per-locality totals and the rules.
 * - Scored value per component: sentiment → (mean + 1) / 2 (0 without posts); the others → the count, or with
 *   per-capita on, count × 1000 / max(population, populationFloor). The floor (default 5,000)
 *   stops a hamlet of 453 people from winning with a handful of posts.
 * - normalized = scored / best scored among contenders (0 when the best is 0).
 * - score = 100 × Σ weight × normalized / Σ weight, rounded to 2 decimals.
 * Ties: equal scores share a rank (1, 2, 2, 4). Tied towns are listed by more counted posts,
 * then more distinct authors, then name, then id.
 */
export function computeStandings(contenders: readonly Contender[], totals: readonly LocalityTotals[], rules: ScoringRules): Scoreboard {
  const floor = rules.populationFloor ?? 0;
  const byId = new Map(totals.map((t) => [t.localityId, t]));
  const rows = contenders.map((locality) => {
    const t = byId.get(locality.id);
    const posts = t?.posts ?? 0;
    const raw: Record<Component, number> = {
      posts,
      authors: t?.authors ?? 0,
      engagement: t?.engagement ?? 0,
      sentiment: posts > 0 ? (t?.sentimentSum ?? 0) / posts : 0,
    };
    const population = scoringPopulation(locality.population, floor);
    const perCapitaOf = (c: Component): number | null => {
      if (!rules.perCapita || c === 'sentiment' || population === null) return null;
      return (raw[c] * 1000) / population;
    };
    return {
      locality,
      raw,
      perCapita: Object.fromEntries(COMPONENTS.map((c) => [c, perCapitaOf(c)])) as Record<Component, number | null>,
      positiveShare: posts > 0 ? (t?.positive ?? 0) / posts : 0,
      negativeShare: posts > 0 ? (t?.negative ?? 0) / posts : 0,
    };
  });

  const scored = (c: Component, r: (typeof rows)[number]) =>
    c === 'sentiment' ? (r.raw.posts > 0 ? (r.raw.sentiment + 1) / 2 : 0) : rules.perCapita ? (r.perCapita[c] ?? 0) : r.raw[c];
  const best = Object.fromEntries(COMPONENTS.map((c) => [c, Math.max(0, ...rows.map((r) => scored(c, r)))])) as Record<Component, number>;

  const standings = rows.map((r) => {
    const components = Object.fromEntries(
      COMPONENTS.map((c) => {
        const normalized = best[c] > 0 ? scored(c, r) / best[c] : 0;
        return [c, { raw: round(r.raw[c]), perCapita: r.perCapita[c] === null ? null : round(r.perCapita[c] as number), normalized: round(normalized) }];
      }),
    ) as Record<Component, ComponentValue>;
    // All weights 0 (allowed by the config): every town scores 0.
    const normalized = Object.fromEntries(COMPONENTS.map((c) => [c, components[c].normalized])) as Record<Component, number>;
    const score = weightedScore(COMPONENTS, rules.weights, normalized).score ?? 0;
    const neutralShare = r.raw.posts > 0 ? round(Math.max(0, 1 - round(r.positiveShare) - round(r.negativeShare))) : 0;
    return { rank: 0, locality: r.locality, score, components, positiveShare: round(r.positiveShare), neutralShare, negativeShare: round(r.negativeShare) };
  });

  standings.sort(
    (a, b) =>
      b.score - a.score ||
      b.components.posts.raw - a.components.posts.raw ||
      b.components.authors.raw - a.components.authors.raw ||
      a.locality.name.localeCompare(b.locality.name, 'it') ||
      a.locality.id.localeCompare(b.locality.id),
  );
  standings.forEach((s, i) => {
    const prev = standings[i - 1];
    s.rank = prev && prev.score === s.score ? prev.rank : i + 1;
  });
  return { standings, best: Object.fromEntries(COMPONENTS.map((c) => [c, round(best[c], 6)])) as Record<Component, number> };
}
