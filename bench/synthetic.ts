/**
 * Labelled synthetic series for the spike benchmark: daily and weekly seasonality, a slow
 * trend, overdispersed (gamma-Poisson) noise, collector gaps (half of them followed by the
 * backlog landing in one bucket), sub-threshold bumps that must NOT alert, and injected
 * spikes of four shapes. Deterministic for a seed.
 */

export type Size = 'small' | 'medium' | 'large';
export type Shape = 'impulse' | 'step' | 'ramp' | 'decay';

export interface LabelledSpike {
  start: number;
  end: number;
  shape: Shape;
  peakLift: number;
}

export interface SyntheticSeries {
  name: string;
  size: Size;
  bucketMs: number;
  start: number;
  values: (number | null)[];
  spikes: LabelledSpike[];
  gaps: { start: number; end: number; backlog: boolean }[];
  bumps: { start: number; end: number }[];
  /** The true mean per bucket before noise and spikes (for inspection). */
  rates: number[];
}

import { mulberry32 as rng } from '../src/simulator/generator.js';

export { rng };

function poisson(lambda: number, random: () => number): number {
  if (lambda <= 0) return 0;
  if (lambda > 60) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gaussian(random)));
  const limit = Math.exp(-lambda);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}

function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Gamma(shape, 1) by Marsaglia–Tsang. */
function gamma(shape: number, random: () => number): number {
  if (shape < 1) return gamma(shape + 1, random) * random() ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = gaussian(random);
    const v = (1 + c * x) ** 3;
    if (v > 0 && Math.log(1 - random()) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v;
  }
}

const LEVEL: Record<Size, [number, number]> = { small: [0.1, 1], medium: [3, 15], large: [40, 200] };
const KAPPA: Record<Size, [number, number]> = { small: [0, 0.1], medium: [0.05, 0.25], large: [0.03, 0.12] };
const SHAPES: Shape[] = ['impulse', 'step', 'ramp', 'decay'];

/** Relative activity by hour of day: quiet nights, a lunch and an evening peak. */
function diurnal(hour: number): number {
  const bump = (at: number, width: number) => {
    const d = Math.min(Math.abs(hour - at), 24 - Math.abs(hour - at));
    return Math.exp(-(d * d) / (2 * width * width));
  };
  return 0.08 + 0.9 * bump(13, 2.5) + 1.2 * bump(20.5, 2);
}

export interface GenerateOptions {
  seed: number;
  perSize: number;
  weeks: number;
  bucketMs: number;
  minPosts: number;
}

export function generateSeries(opts: GenerateOptions): SyntheticSeries[] {
  const random = rng(opts.seed);
  const uniform = (lo: number, hi: number) => lo + (hi - lo) * random();
  const out: SyntheticSeries[] = [];
  const perDay = Math.round(86_400_000 / opts.bucketMs);
  const length = opts.weeks * 7 * perDay;
  const start = Date.UTC(2026, 0, 5); // a Monday
  for (const size of ['small', 'medium', 'large'] as Size[]) {
    for (let n = 0; n < opts.perSize; n++) {
      const level = uniform(...LEVEL[size]);
      const kappa = uniform(...KAPPA[size]);
      const weekend = uniform(0.6, 1.5);
      const trend = uniform(-0.3, 0.3);
      const profileMean = Array.from({ length: perDay }, (_, i) => diurnal((i * 24) / perDay)).reduce((s, v) => s + v, 0) / perDay;
      const rate = (i: number) => {
        const day = Math.floor(i / perDay);
        const dow = day % 7;
        const seasonal = diurnal(((i % perDay) * 24) / perDay) / profileMean;
        return level * seasonal * (dow >= 5 ? weekend : 1) * (1 + (trend * i) / length);
      };

      const busy = new Array<boolean>(length).fill(false);
      const take = (from: number, to: number) => {
        for (let i = Math.max(0, from - 8); i < Math.min(length, to + 8); i++) if (busy[i]) return false;
        for (let i = from; i < to; i++) busy[i] = true;
        return true;
      };
      const place = (len: number) => {
        for (let tries = 0; tries < 50; tries++) {
          const s = Math.floor(uniform(2 * perDay, length - len - 4));
          if (take(s, s + len)) return s;
        }
        return null;
      };

      const extra = new Array<number>(length).fill(0);
      const spikes: LabelledSpike[] = [];
      const spikeCount = Math.round(opts.weeks * 1.5);
      for (let k = 0; k < spikeCount; k++) {
        const shape = SHAPES[Math.floor(random() * SHAPES.length)] as Shape;
        const len = shape === 'impulse' ? 1 + Math.floor(random() * 2) : shape === 'step' ? 4 + Math.floor(random() * 9) : 6 + Math.floor(random() * 4);
        const s = place(len);
        if (s === null) continue;
        const peakLift = uniform(4, 10);
        const peakExtra = (i: number) => Math.max(opts.minPosts * 1.5, rate(i) * (peakLift - 1));
        for (let i = 0; i < len; i++) {
          const f = shape === 'ramp' ? Math.min(1, (i + 1) / (len - 2)) : shape === 'decay' ? 0.65 ** i : 1;
          extra[s + i] = peakExtra(s + i) * f;
        }
        spikes.push({ start: s, end: s + len, shape, peakLift });
      }
      const bumps: SyntheticSeries['bumps'] = [];
      for (let k = 0; k < opts.weeks; k++) {
        const len = 2 + Math.floor(random() * 6);
        const s = place(len);
        if (s === null) continue;
        const lift = uniform(1.3, 1.8);
        for (let i = s; i < s + len; i++) extra[i] = rate(i) * (lift - 1);
        bumps.push({ start: s, end: s + len });
      }
      const gaps: SyntheticSeries['gaps'] = [];
      for (let k = 0; k < Math.ceil(opts.weeks / 2); k++) {
        const len = 1 + Math.floor(random() * 24);
        const s = place(len + 1);
        if (s === null) continue;
        gaps.push({ start: s, end: s + len, backlog: random() < 0.5 });
      }

      const values: (number | null)[] = Array.from({ length }, (_, i) => {
        const mean = rate(i) * (kappa > 0 ? gamma(1 / kappa, random) * kappa : 1);
        return poisson(mean, random) + poisson(extra[i] ?? 0, random);
      });
      for (const g of gaps) {
        let backlog = 0;
        for (let i = g.start; i < g.end; i++) {
          backlog += values[i] ?? 0;
          values[i] = null;
        }
        if (g.backlog) values[g.end] = (values[g.end] ?? 0) + backlog;
      }
      out.push({
        name: `${size}-${n + 1}`,
        size,
        bucketMs: opts.bucketMs,
        start,
        values,
        spikes,
        gaps,
        bumps,
        rates: Array.from({ length }, (_, i) => rate(i)),
      });
    }
  }
  return out;
}
