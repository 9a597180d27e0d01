/**
 * Seasonal expectation from a series' own past, causal (it only reads earlier buckets).
 *
 * The history is a ring of the last `days` days of bucket counts, `null` for a bucket the
 * collector did not see (a gap is not a zero). The expectation for the next bucket is:
 * - time of day: the same bucket (±1 neighbour) on each of the last 7 days, trimmed mean;
 * - day of week, once 3 weeks of history exist: the same bucket (±1) on the same weekday of
 *   the last 4 weeks, averaged in at half weight;
 * - buckets longer than a day: the trimmed mean of the last 8 buckets.
 * The mean drops the highest and lowest quarter of the sample: real series carry past bursts at
 * the same hour (a launch last Tuesday evening, a weekly show), and a tenth-trimmed mean let them
 * raise the bar for a week; the middle half is the series' ordinary level.
 */

export interface History {
  /** Ring buffer of counts, oldest overwritten first; null = missing. */
  values: (number | null)[];
  /** Where the next bucket is written. */
  head: number;
  /** How many buckets were ever written (capped at values.length). */
  filled: number;
}

export const DAY_MS = 86_400_000;

export function createHistory(bucketMs: number, days: number): History {
  const length = Math.max(16, Math.ceil((days * DAY_MS) / bucketMs) + 2);
  return { values: new Array<number | null>(length).fill(null), head: 0, filled: 0 };
}

export function pushHistory(h: History, value: number | null): void {
  h.values[h.head] = value;
  h.head = (h.head + 1) % h.values.length;
  h.filled = Math.min(h.values.length, h.filled + 1);
}

/** The count `lag` buckets before the next one (lag 1 = the latest); undefined when out of range. */
export function lagValue(h: History, lag: number): number | null | undefined {
  if (lag < 1 || lag > h.filled) return undefined;
  const n = h.values.length;
  return h.values[(((h.head - lag) % n) + n) % n];
}

export interface Expectation {
  /** Expected count for the next bucket; null while the history is too short to judge. */
  expected: number | null;
  /** How many past buckets the estimate rests on. */
  support: number;
}

const TRIM = 0.25;

export function expectNext(h: History, bucketMs: number): Expectation {
  const perDay = Math.round(DAY_MS / bucketMs);
  if (perDay < 1) return fromSample(collect(h, [1, 2, 3, 4, 5, 6, 7, 8]), 4);
  const spread = perDay >= 4 ? [-1, 0, 1] : [0];
  const lagsAt = (period: number, count: number) =>
    Array.from({ length: count }, (_, k) => spread.map((j) => (k + 1) * period + j))
      .flat()
      .filter((lag) => lag >= 1);
  const daily = collect(h, lagsAt(perDay, 7));
  const result = fromSample(daily, perDay >= 4 ? 3 : 2);
  if (result.expected === null) return result;
  const weekly = collect(h, lagsAt(7 * perDay, 4));
  if (weekly.length >= 3 * spread.length) {
    const w = fromSample(weekly, 3);
    if (w.expected !== null) return { ...result, expected: (result.expected + w.expected) / 2, support: daily.length + weekly.length };
  }
  return result;
}

function collect(h: History, lags: number[]): number[] {
  const out: number[] = [];
  for (const lag of lags) {
    const v = lagValue(h, lag);
    if (typeof v === 'number') out.push(v);
  }
  return out;
}

function fromSample(sample: number[], minSupport: number): Expectation {
  if (sample.length < minSupport) return { expected: null, support: sample.length };
  const sorted = [...sample].sort((a, b) => a - b);
  const cut = Math.floor(sorted.length * TRIM);
  const keep = sorted.slice(cut, sorted.length - cut);
  return { expected: keep.reduce((s, v) => s + v, 0) / keep.length, support: sample.length };
}
