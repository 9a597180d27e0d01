import type { SentimentLabel } from '../src/domain/types.js';

export const LABELS: readonly SentimentLabel[] = ['positive', 'neutral', 'negative'];

export interface Scores {
  n: number;
  accuracy: number;
  /** Mean of the per-class F1 over positive, neutral and negative. */
  macroF1: number;
}

/** Accuracy and macro-F1 of predicted against gold labels (same order, same length). */
export function evaluate(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): Scores {
  const n = gold.length;
  let correct = 0;
  const tp = { positive: 0, neutral: 0, negative: 0 };
  const goldCount = { positive: 0, neutral: 0, negative: 0 };
  const predCount = { positive: 0, neutral: 0, negative: 0 };
  for (let i = 0; i < n; i++) {
    const g = gold[i] as SentimentLabel;
    const p = predicted[i] as SentimentLabel;
    goldCount[g] += 1;
    predCount[p] += 1;
    if (g === p) {
      correct += 1;
      tp[g] += 1;
    }
  }
  const f1 = LABELS.map((l) => {
    const precision = predCount[l] ? tp[l] / predCount[l] : 0;
    const recall = goldCount[l] ? tp[l] / goldCount[l] : 0;
    return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  });
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { n, accuracy: round(n ? correct / n : 0), macroF1: round(f1.reduce((a, b) => a + b, 0) / LABELS.length) };
}

/** Counts by gold label (rows) and predicted label (columns), in LABELS order. */
export function confusion(gold: readonly SentimentLabel[], predicted: readonly SentimentLabel[]): number[][] {
  const m = LABELS.map(() => LABELS.map(() => 0));
  for (let i = 0; i < gold.length; i++) {
    const row = m[LABELS.indexOf(gold[i] as SentimentLabel)] as number[];
    const col = LABELS.indexOf(predicted[i] as SentimentLabel);
    row[col] = (row[col] as number) + 1;
  }
  return m;
}
