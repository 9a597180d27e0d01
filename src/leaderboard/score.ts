/** Rounds to `digits` decimals (4: the snapshot's shares and normalized values). */
export const round = (n: number, digits = 4) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * The one weighted score of the challenge standings and of the accounts ranking:
 * 100 × Σ weight × normalized / Σ weight, both sums over the components that have a weight and
 * a value (a missing value is left out, never counted as 0), rounded to 2 decimals. `weight` is
 * what the score rests on; the score is null when that is 0.
 */
export function weightedScore<C extends string>(
  components: readonly C[],
  weights: Readonly<Record<C, number>>,
  normalized: Readonly<Record<C, number | null>>,
): { score: number | null; weight: number } {
  const present = components.filter((c) => weights[c] > 0 && normalized[c] !== null);
  const weight = present.reduce((s, c) => s + weights[c], 0);
  const score = weight > 0 ? round((100 * present.reduce((s, c) => s + weights[c] * (normalized[c] as number), 0)) / weight, 2) : null;
  return { score, weight };
}
