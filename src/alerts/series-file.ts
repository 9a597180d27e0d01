import { createDetectorState, stepDetector, type DetectorConfig, type SpikeAlert } from './detector.js';

/**
 * A real series for the detector: rows `timestamp,value` at a fixed interval (a header row is
 * allowed). The bucket is the file's interval (the most common step between rows); a row that
 * is absent, or has an empty value, is a missing bucket. Times without a zone are UTC; epoch
 * seconds or milliseconds are accepted too.
 */
export interface ParsedSeries {
  bucketMs: number;
  start: number;
  values: (number | null)[];
}

const NAIVE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

export function parseTimestamp(raw: string): number {
  const text = raw.trim().replace(/^"|"$/g, '');
  if (/^\d{9,10}(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (/^\d{12,13}$/.test(text)) return Number(text);
  const iso = NAIVE.test(text) ? `${text.replace(' ', 'T')}${text.length === 10 ? 'T00:00:00' : ''}Z` : text;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a timestamp: "${raw}"`);
  return ms;
}

export function parseSeriesCsv(text: string, name = 'series'): ParsedSeries {
  const rows: { at: number; value: number | null }[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '' || line.trimStart().startsWith('#')) return;
    const [ts = '', val = ''] = line.split(/[,;\t]/);
    const value = val.trim().replace(/^"|"$/g, '');
    let at: number;
    try {
      at = parseTimestamp(ts);
    } catch (err) {
      if (rows.length === 0) return; // a header such as "timestamp,value"
      throw new Error(`${name}:${index + 1}: ${(err as Error).message}`);
    }
    const n = value === '' ? null : Number(value);
    if (n !== null && Number.isNaN(n) && rows.length === 0) return; // a header
    if (n !== null && (!Number.isFinite(n) || n < 0)) throw new Error(`${name}:${index + 1}: not a count: "${val}"`);
    rows.push({ at, value: n === null ? null : n });
  });
  if (rows.length < 2) throw new Error(`${name}: needs at least two rows of timestamp,value`);
  rows.sort((a, b) => a.at - b.at);
  const bucketMs = modeStep(rows.map((r) => r.at));
  const start = rows[0]!.at;
  const length = Math.floor((rows[rows.length - 1]!.at - start) / bucketMs) + 1;
  const values: (number | null)[] = new Array<number | null>(length).fill(null);
  for (const r of rows) {
    if (r.value === null) continue;
    const i = Math.floor((r.at - start) / bucketMs);
    values[i] = (values[i] ?? 0) + r.value;
  }
  return { bucketMs, start, values };
}

function modeStep(times: number[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < times.length; i++) {
    const step = times[i]! - times[i - 1]!;
    if (step > 0) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [step, n] of counts) if (n > bestCount || (n === bestCount && step < best)) [best, bestCount] = [step, n];
  if (best === 0) throw new Error('rows need distinct timestamps');
  return best;
}

/** Runs the streaming detector over a whole series: every alert it would send, in order. */
export function detectSeries(series: ParsedSeries, cfg: DetectorConfig): SpikeAlert[] {
  const state = createDetectorState(series.bucketMs, cfg.historyDays);
  const alerts: SpikeAlert[] = [];
  series.values.forEach((value, i) => {
    for (const e of stepDetector(state, series.start + i * series.bucketMs, value, cfg)) if (e.type === 'alert') alerts.push(e);
  });
  return alerts;
}

/** One JSON line per alert: the `--series` output contract. */
export function alertLine(series: string, a: SpikeAlert): string {
  return JSON.stringify({
    series,
    timestamp: new Date(a.bucketStart).toISOString().replace('.000Z', 'Z'),
    observed: a.observed,
    expected: round(a.expected, 3),
    lift: round(a.lift, 2),
    'p-value': Number(a.pValue.toPrecision(3)),
  });
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
