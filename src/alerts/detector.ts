import { createHistory, expectNext, pushHistory, type History } from './baseline.js';
import { negativeBinomialTail, poissonTail } from './tails.js';

/**
 * The streaming spike detector for one series (a campaign's hashtag or town), one bucket at a
 * time, oldest first. Causal: the judgement of a bucket reads only earlier buckets. No I/O and
 * no clock: the same code runs in the worker (state kept as JSON in `detector_state`), in the
 * benchmark and behind `npm run bench:spikes -- --series FILE.csv`.
 *
 * Vocabulary
 * - bucket:     a fixed interval (default 15 minutes); its count, or null when the collector
 *               did not see it (a source outage is a gap, not a zero).
 * - expected:   the seasonal expectation (baseline.ts), floored at `minExpected`; the first
 *               bucket after a gap is judged against the gap's expectation too, because a
 *               collector that recovers may deliver the backlog at once.
 * - regime:     `poisson` while expected < `highCountFrom` (Poisson tail probability);
 *               `overdispersed` above (negative binomial tail, variance μ + κμ², κ from the
 *               spread of the seasonal sample).
 * - significant: observed ≥ minPosts, lift ≥ minLift and p ≤ maxPValue, all three.
 * - episode:    opens with one `start` alert on a significant bucket; a `growth` alert only
 *               when a significant bucket reaches growthFactor × the last alerted count;
 *               closes after `closeAfter` buckets that are not even elevated; a flare within
 *               `cooldownMs` of the close re-opens the same episode instead of a new one.
 */

export interface DetectorConfig {
  bucketMs: number;
  minPosts: number;
  minLift: number;
  maxPValue: number;
  growthFactor: number;
  cooldownMs: number;
  /** Floor of the expected count per bucket: nothing is judged against less. */
  minExpected: number;
  /** Expected count per bucket from which the overdispersed regime applies. */
  highCountFrom: number;
  /** Calm buckets in a row that close an episode. */
  closeAfter: number;
  /** Days of history kept (4 weeks lets the day-of-week profile in). */
  historyDays: number;
}

export const DETECTOR_DEFAULTS: Omit<DetectorConfig, 'bucketMs'> = {
  minPosts: 10,
  minLift: 3,
  maxPValue: 1e-4,
  growthFactor: 2,
  cooldownMs: 3_600_000,
  minExpected: 0.5,
  highCountFrom: 2,
  closeAfter: 2,
  historyDays: 28,
};

/** At most this many gap buckets are added to the expectation of the bucket after a gap. */
const MAX_BACKLOG_BUCKETS = 96;

export interface Episode {
  /** Start of the bucket that opened the episode (epoch ms): with the stage, the idempotency key. */
  start: number;
  stage: number;
  alertedObserved: number;
  calm: number;
  peak: number;
}

export interface DetectorState {
  v: 1;
  bucketMs: number;
  /** Start of the next bucket expected (epoch ms); null before the first one. */
  next: number | null;
  history: History;
  /** Missing buckets in a row just before `next`. */
  gapRun: number;
  /**
   * Running overdispersion estimate: an exponentially weighted mean of ((x − μ)² − μ) / μ² over
   * calm buckets, the unbiased per-bucket estimate of κ (it also absorbs the baseline's own error).
   */
  kappa: number;
  /**
   * Local level: exponentially weighted sums of observed (capped at 2× expected + 2, so that a
   * spike cannot teach itself) and of seasonal expected counts. Their ratio, within [0.5, 2],
   * scales the seasonal expectation: weekends, trends and a young history adapt within hours.
   */
  levelObserved: number;
  levelExpected: number;
  episode: Episode | null;
  last: (Episode & { closedAt: number }) | null;
}

export type Regime = 'poisson' | 'overdispersed';

export interface Judgement {
  observed: number;
  expected: number;
  lift: number;
  pValue: number;
  regime: Regime;
  significant: boolean;
  elevated: boolean;
}

export interface SpikeAlert extends Omit<Judgement, 'significant' | 'elevated'> {
  type: 'alert';
  stage: 'start' | 'growth';
  stageNumber: number;
  episodeStart: number;
  bucketStart: number;
}

export type DetectorEvent = SpikeAlert | { type: 'closed'; episodeStart: number; bucketStart: number; peak: number };

export function createDetectorState(bucketMs: number, historyDays = DETECTOR_DEFAULTS.historyDays): DetectorState {
  return { v: 1, bucketMs, next: null, history: createHistory(bucketMs, historyDays), gapRun: 0, kappa: 0, levelObserved: 0, levelExpected: 0, episode: null, last: null };
}

/** Judges a count against the expectation, or null while the history is too short. */
export function judge(state: DetectorState, observed: number, cfg: DetectorConfig, seasonal = expectNext(state.history, cfg.bucketMs)): Judgement | null {
  const { expected: raw, kappa: sampleKappa } = seasonal;
  if (raw === null) return null;
  const kappa = Math.max(sampleKappa, state.kappa);
  const backlog = 1 + Math.min(state.gapRun, MAX_BACKLOG_BUCKETS);
  const expected = Math.max(raw * levelFactor(state), cfg.minExpected) * backlog;
  const lift = observed / expected;
  const regime: Regime = expected >= cfg.highCountFrom ? 'overdispersed' : 'poisson';
  const pValue = regime === 'poisson' ? poissonTail(observed, expected) : negativeBinomialTail(observed, expected, kappa);
  return {
    observed,
    expected,
    lift,
    pValue,
    regime,
    significant: observed >= cfg.minPosts && lift >= cfg.minLift && pValue <= cfg.maxPValue,
    elevated: observed >= cfg.minPosts / 2 && lift >= Math.max(1.5, cfg.minLift / 2),
  };
}

/**
 * Feeds the bucket starting at `start` (which must be `state.next`, once there is one).
 * Mutates `state`, which the caller owns and may serialise with JSON.stringify at any time.
 */
export function stepDetector(state: DetectorState, start: number, count: number | null, cfg: DetectorConfig): DetectorEvent[] {
  if (state.next !== null && start !== state.next) {
    throw new Error(`detector expected the bucket at ${new Date(state.next).toISOString()}, got ${new Date(start).toISOString()}`);
  }
  state.next = start + state.bucketMs;
  if (count === null) {
    pushHistory(state.history, null);
    state.gapRun += 1;
    return [];
  }
  const seasonal = expectNext(state.history, cfg.bucketMs);
  const j = judge(state, count, cfg, seasonal);
  pushHistory(state.history, count);
  if (j && state.gapRun === 0 && !j.significant && !state.episode && j.expected >= 1) updateKappa(state, j);
  if (seasonal.expected !== null && state.gapRun === 0) updateLevel(state, count, seasonal.expected);
  state.gapRun = 0;
  return j ? episodeStep(state, start, j, cfg) : [];
}

/** About four hours of memory at 15-minute buckets. */
const LEVEL_WEIGHT = 1 / 16;

function levelFactor(state: DetectorState): number {
  if (state.levelExpected < 1) return 1;
  return Math.min(2, Math.max(0.5, state.levelObserved / state.levelExpected));
}

function updateLevel(state: DetectorState, observed: number, seasonal: number): void {
  const capped = Math.min(observed, 2 * seasonal + 2);
  state.levelObserved += LEVEL_WEIGHT * (capped - state.levelObserved);
  state.levelExpected += LEVEL_WEIGHT * (seasonal - state.levelExpected);
}

/** About three days of memory at 15-minute buckets. */
const KAPPA_WEIGHT = 1 / 300;
const MAX_KAPPA_SAMPLE = 4;

function updateKappa(state: DetectorState, j: Judgement): void {
  const sample = ((j.observed - j.expected) ** 2 - j.expected) / (j.expected * j.expected);
  const bounded = Math.max(-MAX_KAPPA_SAMPLE, Math.min(MAX_KAPPA_SAMPLE, sample));
  state.kappa = Math.max(0, state.kappa + KAPPA_WEIGHT * (bounded - state.kappa));
}

function episodeStep(state: DetectorState, start: number, j: Judgement, cfg: DetectorConfig): DetectorEvent[] {
  const alert = (stage: SpikeAlert['stage'], episode: Episode): SpikeAlert => ({
    type: 'alert',
    stage,
    stageNumber: episode.stage,
    episodeStart: episode.start,
    bucketStart: start,
    observed: j.observed,
    expected: j.expected,
    lift: j.lift,
    pValue: j.pValue,
    regime: j.regime,
  });

  if (j.significant) {
    if (!state.episode && state.last && start < state.last.closedAt + cfg.cooldownMs) {
      const { closedAt: _closed, ...reopened } = state.last;
      state.episode = reopened;
      state.last = null;
    }
    const ep = state.episode;
    if (!ep) {
      state.episode = { start, stage: 1, alertedObserved: j.observed, calm: 0, peak: j.observed };
      return [alert('start', state.episode)];
    }
    ep.calm = 0;
    ep.peak = Math.max(ep.peak, j.observed);
    if (j.observed >= ep.alertedObserved * cfg.growthFactor) {
      ep.stage += 1;
      ep.alertedObserved = j.observed;
      return [alert('growth', ep)];
    }
    return [];
  }

  const ep = state.episode;
  if (!ep) return [];
  if (j.elevated) {
    ep.calm = 0;
    ep.peak = Math.max(ep.peak, j.observed);
    return [];
  }
  ep.calm += 1;
  if (ep.calm < cfg.closeAfter) return [];
  state.last = { ...ep, closedAt: start + state.bucketMs };
  state.episode = null;
  return [{ type: 'closed', episodeStart: ep.start, bucketStart: start, peak: ep.peak }];
}
