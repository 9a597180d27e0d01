import { describe, expect, it } from 'vitest';
import { defaultAlertsConfig, detectorConfig } from '../../src/alerts/config.js';
import { createDetectorState, judge, stepDetector, type DetectorEvent, type DetectorState } from '../../src/alerts/detector.js';
import { detectSeries } from '../../src/alerts/series-file.js';
import { negativeBinomialTail, poissonTail } from '../../src/alerts/tails.js';

const BUCKET = 15 * 60_000;
const PER_DAY = 96;
const START = Date.UTC(2026, 5, 1);
const cfg = detectorConfig(defaultAlertsConfig());

/** A deterministic seasonal series: quiet nights, busy evenings, a repeating wobble for noise. */
function seasonal(days: number, level: number): number[] {
  const wobble = [0, 1, -1, 0, 1, 0, -1, 1, 0, -1, 0, 0, 1];
  return Array.from({ length: days * PER_DAY }, (_, i) => {
    const hour = (i % PER_DAY) / 4;
    const shape = 0.3 + 0.7 * Math.max(0, Math.sin(((hour - 6) / 18) * Math.PI));
    const noise = (wobble[i % wobble.length] as number) * Math.sqrt(level) * 0.5;
    return Math.max(0, Math.round(level * shape + noise));
  });
}

function run(values: (number | null)[], state: DetectorState = createDetectorState(BUCKET)): DetectorEvent[] {
  const events: DetectorEvent[] = [];
  values.forEach((v, i) => events.push(...stepDetector(state, START + i * BUCKET, v, cfg)));
  return events;
}

const alertsOf = (events: DetectorEvent[]) => events.filter((e) => e.type === 'alert');
const bucketIndex = (t: number) => (t - START) / BUCKET;

describe('tail probabilities', () => {
  it('computes Poisson tails', () => {
    expect(poissonTail(3, 2)).toBeCloseTo(1 - Math.exp(-2) * (1 + 2 + 2), 10);
    expect(poissonTail(0, 5)).toBe(1);
    expect(poissonTail(10, 0.5)).toBeLessThan(1e-9);
  });

  it('has a heavier negative-binomial tail than Poisson on the same mean, and meets Poisson as κ → 0', () => {
    expect(negativeBinomialTail(60, 20, 0.2)).toBeGreaterThan(100 * poissonTail(60, 20));
    expect(negativeBinomialTail(30, 20, 1e-7)).toBeCloseTo(poissonTail(30, 20), 6);
  });
});

describe('low-count regime (a small town)', () => {
  const base = seasonal(3, 1.2);

  it('alerts once when a quiet town suddenly gets a burst of posts, judged by the Poisson tail', () => {
    const spikeAt = base.length - 30;
    const values = [...base];
    values[spikeAt] = 14;
    const alerts = alertsOf(run(values));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ stage: 'start', regime: 'poisson', observed: 14 });
    expect(bucketIndex((alerts[0] as { bucketStart: number }).bucketStart)).toBe(spikeAt);
    expect((alerts[0] as { pValue: number }).pValue).toBeLessThan(1e-4);
  });

  it('stays quiet below the minimum volume even at a large lift', () => {
    const values = [...base];
    values[base.length - 30] = 8; // many times the expectation, but under minPosts = 10
    expect(alertsOf(run(values))).toEqual([]);
  });

  it('does not alert on a lone quarter-hour burst of a busy series, which a 2-hour window absorbs', () => {
    const values = seasonal(3, 120);
    const at = values.length - 20;
    values[at] = (values[at] as number) * 5;
    expect(alertsOf(run(values))).toEqual([]);
  });

  it('does not alert on an ordinary day', () => {
    expect(alertsOf(run(seasonal(6, 1.2)))).toEqual([]);
  });
});

describe('high-count regime (a busy hashtag)', () => {
  const base = seasonal(3, 120);

  it('alerts once on a burst that lasts an hour, through the overdispersion-aware test', () => {
    const values = [...base];
    const at = base.length - 20;
    for (let i = at; i < at + 4; i++) values[i] = (values[i] as number) * 14;
    const alerts = alertsOf(run(values));
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ regime: 'overdispersed', stage: 'start' });
  });

  it('needs the minimum lift: doubling a busy series is not a spike at minLift 6', () => {
    const values = [...base];
    const at = base.length - 20;
    values[at] = (values[at] as number) * 2;
    expect(alertsOf(run(values))).toEqual([]);
  });
});

describe('episodes', () => {
  it('sends one start, one follow-up when it grows by the growth factor, closes, and honours the cooldown', () => {
    const values: (number | null)[] = seasonal(3, 2);
    const s = values.length - 80;
    [60, 60, 150].forEach((v, i) => (values[s + i] = v)); // start, steady, window sum more than doubled
    values[s + 18] = 120; // a flare within the 2h cooldown after the close: same episode, no new alert
    values[s + 60] = 120; // fifteen hours later: a new episode
    const events = run(values);
    const alerts = alertsOf(events);
    expect(alerts.map((a) => [a.type === 'alert' && a.stage, bucketIndex((a as { bucketStart: number }).bucketStart) - s])).toEqual([
      ['start', 0],
      ['growth', 2],
      ['start', 60],
    ]);
    expect(events.filter((e) => e.type === 'closed').length).toBeGreaterThanOrEqual(1);
    const [first, growth, second] = alerts as Extract<DetectorEvent, { type: 'alert' }>[];
    expect(growth?.episodeStart).toBe(first?.episodeStart);
    expect(growth?.stageNumber).toBe(2);
    expect(second?.episodeStart).not.toBe(first?.episodeStart);
  });
});

describe('gaps in collection', () => {
  it('treats missing buckets as unknown, and the backlog delivered on recovery is not a spike', () => {
    const values: (number | null)[] = seasonal(3, 4);
    const g = values.length - 40;
    let backlog = 0;
    for (let i = g; i < g + 8; i++) {
      backlog += values[i] as number;
      values[i] = null;
    }
    values[g + 8] = (values[g + 8] as number) + backlog;
    expect(backlog).toBeGreaterThan(10);
    expect(alertsOf(run(values))).toEqual([]);
  });

  it('a long outage does not turn into zeros that drag the expectation down', () => {
    const expectedAfter = (gap: (number | null)[]) => {
      const state = createDetectorState(BUCKET);
      const values = [...seasonal(3, 6), ...gap, ...seasonal(1, 6).slice(0, 12)];
      values.forEach((v, i) => stepDetector(state, START + i * BUCKET, v, cfg));
      return judge(state, 0, cfg)?.expected ?? NaN;
    };
    const unbroken = expectedAfter(seasonal(3, 6));
    const outage = expectedAfter(new Array<null>(3 * PER_DAY).fill(null));
    expect(outage).toBeGreaterThan(0.8 * unbroken);
    expect(outage).toBeLessThan(1.25 * unbroken);
  });
});

describe('streaming and persistence', () => {
  const values: (number | null)[] = seasonal(3, 2);
  values[values.length - 50] = 30;
  values[values.length - 10] = 28;

  it('is causal: the alerts on a prefix do not change when later data arrives', () => {
    const full = detectSeries({ bucketMs: BUCKET, start: START, values }, cfg);
    const prefix = detectSeries({ bucketMs: BUCKET, start: START, values: values.slice(0, values.length - 20) }, cfg);
    expect(full.length).toBe(2);
    expect(prefix).toEqual(full.slice(0, 1));
  });

  it('resumes from JSON state exactly as if it had never stopped', () => {
    const whole = run(values);
    const state = createDetectorState(BUCKET);
    const cut = values.length - 30;
    const before = values.slice(0, cut).flatMap((v, i) => stepDetector(state, START + i * BUCKET, v, cfg));
    const restored = JSON.parse(JSON.stringify(state)) as DetectorState;
    const after = values.slice(cut).flatMap((v, i) => stepDetector(restored, START + (cut + i) * BUCKET, v, cfg));
    expect([...before, ...after]).toEqual(whole);
  });

  it('refuses a bucket out of order instead of silently misaligning the history', () => {
    const state = createDetectorState(BUCKET);
    stepDetector(state, START, 1, cfg);
    expect(() => stepDetector(state, START + 2 * BUCKET, 1, cfg)).toThrow(/expected the bucket/);
  });
});
