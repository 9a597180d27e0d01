import type { ChallengeConfig } from '../config/campaigns.js';

export const COMPONENTS = ['posts', 'authors', 'engagement', 'sentiment'] as const;
export type Component = (typeof COMPONENTS)[number];

export interface LocalityTotals {
  localityId: string;
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
  /** Per 1,000 inhabitants when per-capita scoring is on and the population is known. */
  perCapita: number | null;
  /** 0..1 relative to the best contender on this component; this is what the weights multiply. */
  normalized: number;
}

export interface Standing {
  rank: number;
  locality: Contender;
  score: number;
  components: Record<Component, ComponentValue>;
  positiveShare: number;
  negativeShare: number;
}

export type ScoringRules = Pick<ChallengeConfig, 'weights' | 'perCapita'>;

const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Standings as a pure function of per-locality totals and the rules. Each component is
 * (optionally per 1,000 inhabitants) divided by the best contender's value, then weighted;
 * the score is the weighted mean, in [0, 100]. Equal scores share a rank (1, 2, 2, 4);
 * the order among them is by raw posts, then name, so that output is stable.
 */
export function computeStandings(contenders: readonly Contender[], totals: readonly LocalityTotals[], rules: ScoringRules): Standing[] {
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
    const perCapitaOf = (c: Component): number | null => {
      if (!rules.perCapita || c === 'sentiment' || !locality.population) return null;
      return (raw[c] * 1000) / locality.population;
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
    c === 'sentiment' ? (r.raw.sentiment + 1) / 2 : rules.perCapita ? (r.perCapita[c] ?? 0) : r.raw[c];
  const best = Object.fromEntries(COMPONENTS.map((c) => [c, Math.max(0, ...rows.map((r) => scored(c, r)))])) as Record<Component, number>;
  const weightSum = COMPONENTS.reduce((s, c) => s + rules.weights[c], 0) || 1;

  const standings = rows.map((r) => {
    const components = Object.fromEntries(
      COMPONENTS.map((c) => {
        const normalized = best[c] > 0 ? scored(c, r) / best[c] : 0;
        return [c, { raw: round(r.raw[c]), perCapita: r.perCapita[c] === null ? null : round(r.perCapita[c] as number), normalized: round(normalized) }];
      }),
    ) as Record<Component, ComponentValue>;
    const score = round((100 * COMPONENTS.reduce((s, c) => s + rules.weights[c] * components[c].normalized, 0)) / weightSum, 2);
    return { rank: 0, locality: r.locality, score, components, positiveShare: round(r.positiveShare), negativeShare: round(r.negativeShare) };
  });

  standings.sort(
    (a, b) => b.score - a.score || b.components.posts.raw - a.components.posts.raw || a.locality.name.localeCompare(b.locality.name),
  );
  standings.forEach((s, i) => {
    const prev = standings[i - 1];
    s.rank = prev && prev.score === s.score ? prev.rank : i + 1;
  });
  return standings;
}
