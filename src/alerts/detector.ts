import { createHistory, expectNext, pushHistory, type Expectation, type History } from './baseline.js';
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
 * - expected:   the seasonal expectation of each bucket (baseline.ts) scaled by the local level;
 *               the first bucket after a gap is judged against the gap's expectation too,
 *               because a collector that recovers may deliver the backlog at once.
 * - window:     what is judged is the sum of the last `windowMs` of buckets (2 hours) against
 *               the sum of their expectations, floored at `minExpected` posts per hour. On real
 *               tweet-volume series single buckets are noisy: one 5-minute burst of retweets at
 *               ×50 is routine for a busy topic, while the events people label last for hours.
 *               Summing two hours lets a persistent burst count whole and lets a lone burst fade.
 * - burst:      quiet series (at most `highCountFrom` posts expected in `burstWindowMs`) are
 *               also judged over that short span, at `burstLift`: on a hashtag with a few posts
 *               an hour, fifteen posts in a quarter of an hour are news, and a two-hour window
 *               would dilute them below the lift. The two hours must still be at least
 *               `burstWindowLift` (×2) the usual: a flurry that leaves them ordinary is the
 *               everyday noise of a sparse real series (a thread, a bot), not an event.
 * - regime:     `poisson` while the window's expectation is below `highCountFrom` (Poisson
 *               tail probability); `overdispersed` above (negative binomial tail, variance
 *               μ + κμ², κ learned from calm windows of the series itself: real series are far
 *               more variable than Poisson at high counts).
 * - significant: observed ≥ minPosts, lift ≥ minLift and p ≤ maxPValue, all three. The lift
 *               decides on real series (their bursts are heavy-tailed, so p-values of labelled
 *               and unlabelled bursts overlap); p only keeps tiny counts from alerting.
 * - episode:    opens with one `start` alert on a significant window; a `growth` alert only
 *               when a significant window reaches growthFactor × the last alerted count;
 *               closes after `closeAfterMs` of windows that are not even elevated; a flare
 *               within `cooldownMs` of the close re-opens the same episode instead of a new one.
 */

export interface DetectorConfig {
  bucketMs: number;
  minPosts: number;
  minLift: number;
  maxPValue: number;
  growthFactor: number;
  cooldownMs: number;
  /** Floor of the expected posts per hour: no window is judged against less. */
  minExpected: number;
  /** Expected count in a window from which the overdispersed regime applies (and bursts are not judged). */
  highCountFrom: number;
  /** Calm time (buckets in a row that are not even elevated) that closes an episode. */
  closeAfterMs: number;
  /** Days of history kept (4 weeks lets the day-of-week profile in). */
  historyDays: number;
  /** The span judged: the sum of the buckets of the last `windowMs` against their expectations. */
  windowMs: number;
  /** The short span on which quiet series are judged too, the lift it needs, and the lift the whole window needs with it. */
  burstWindowMs: number;
  burstLift: number;
  burstWindowLift: number;
}

export const DETECTOR_DEFAULTS: Omit<DetectorConfig, 'bucketMs'> = {
  minPosts: 10,
  minLift: 6,
  maxPValue: 1e-2,
  growthFactor: 2,
  cooldownMs: 2 * 3_600_000,
  minExpected: 2,
  highCountFrom: 2,
  closeAfterMs: 3_600_000,
  historyDays: 28,
  windowMs: 2 * 3_600_000,
  burstWindowMs: 900_000,
  burstLift: 10,
  burstWindowLift: 2,
};

const HOUR_MS = 3_600_000;

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
  v: 2;
  bucketMs: number;
  /** Start of the next bucket expected (epoch ms); null before the first one. */
  next: number | null;
  history: History;
  /** Missing buckets in a row just before `next`. */
  gapRun: number;
  /**
   * Running overdispersion estimate: an exponentially weighted mean of ((x − μ)² − μ) / μ² over
   * calm windows above the floor, the unbiased estimate of κ for a window's sum (it also absorbs
   * the baseline's own error). Windows at the floor are left out: their μ is not the series' own.
   */
  kappa: number;
  /**
   * Local level: exponentially weighted sums of observed (capped at 2× expected + 2, so that a
   * spike cannot teach itself) and of seasonal expected counts. Their ratio, within [0.5, 2],
   * scales the seasonal expectation: weekends, trends and a young history adapt within hours.
   */
  levelObserved: number;
  levelExpected: number;
  /** The last buckets of the window before `next`, oldest first: observed counts and their expectations. */
  window: { observed: number; expected: number }[];
  episode: Episode | null;
  last: (Episode & { closedAt: number }) | null;
}

export type Regime = 'poisson' | 'overdispersed';

export interface Judgement {
  /** The span summed: `observed` and `expected` count the posts of its buckets. */
  windowMs: number;
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
  return {
    v: 2,
    bucketMs,
    next: null,
    history: createHistory(bucketMs, historyDays),
    gapRun: 0,
    kappa: 0,
    levelObserved: 0,
    levelExpected: 0,
    window: [],
    episode: null,
    last: null,
  };
}

/** Buckets in the judged window (at least the bucket itself). */
export function windowBuckets(cfg: Pick<DetectorConfig, 'bucketMs' | 'windowMs'>): number {
  return Math.max(1, Math.round(cfg.windowMs / cfg.bucketMs));
}

/** Judges a count against the expectation, or null while the history is too short. */
export function judge(state: DetectorState, observed: number, cfg: DetectorConfig, seasonal = expectNext(state.history, cfg.bucketMs)): Judgement | null {
  const bucket = bucketExpectation(state, seasonal);
  if (bucket === null) return null;
  const window = judgeWindow(state, observed, bucket, cfg, cfg.windowMs, cfg.minLift);
  if (window.significant) return window;
  const burst = judgeWindow(state, observed, bucket, cfg, cfg.burstWindowMs, cfg.burstLift);
  return burst.significant && burst.expected <= cfg.highCountFrom && window.lift >= cfg.burstWindowLift ? burst : window;
}

function judgeWindow(state: DetectorState, observed: number, bucket: number, cfg: DetectorConfig, windowMs: number, minLift: number): Judgement {
  const span = windowBuckets({ bucketMs: cfg.bucketMs, windowMs });
  const past = span > 1 ? state.window.slice(-(span - 1)) : [];
  const sum = observed + past.reduce((s, b) => s + b.observed, 0);
  const expected = Math.max(bucket + past.reduce((s, b) => s + b.expected, 0), windowFloor(cfg, span));
  const lift = sum / expected;
  const regime: Regime = expected >= cfg.highCountFrom ? 'overdispersed' : 'poisson';
  const pValue = regime === 'poisson' ? poissonTail(sum, expected) : negativeBinomialTail(sum, expected, Math.max(MIN_KAPPA, state.kappa));
  return {
    windowMs: span * cfg.bucketMs,
    observed: sum,
    expected,
    lift,
    pValue,
    regime,
    significant: sum >= cfg.minPosts && lift >= minLift && pValue <= cfg.maxPValue,
    elevated: sum >= cfg.minPosts / 2 && lift >= Math.max(1.5, cfg.minLift / 2),
  };
}

/** The least expectation a window is judged against: `minExpected` posts per hour. */
function windowFloor(cfg: DetectorConfig, span = windowBuckets(cfg)): number {
  return (cfg.minExpected * span * cfg.bucketMs) / HOUR_MS;
}

function bucketExpectation(state: DetectorState, seasonal: Expectation): number | null {
  if (seasonal.expected === null) return null;
  const backlog = 1 + Math.min(state.gapRun, MAX_BACKLOG_BUCKETS);
  return seasonal.expected * levelFactor(state) * backlog;
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
    state.window = [];
    return [];
  }
  const seasonal = expectNext(state.history, cfg.bucketMs);
  const j = judge(state, count, cfg, seasonal);
  const bucket = bucketExpectation(state, seasonal);
  state.window.push({ observed: count, expected: bucket ?? count });
  if (state.window.length >= windowBuckets(cfg)) state.window.splice(0, state.window.length - windowBuckets(cfg) + 1);
  pushHistory(state.history, count);
  if (j && state.gapRun === 0 && !j.significant && !state.episode && j.expected > windowFloor(cfg)) updateKappa(state, j);
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
/** Even a series that looked calm so far is judged as slightly overdispersed. */
const MIN_KAPPA = 0.02;
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
    windowMs: j.windowMs,
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
  if (ep.calm * state.bucketMs < cfg.closeAfterMs) return [];
  state.last = { ...ep, closedAt: start + state.bucketMs };
  state.episode = null;
  return [{ type: 'closed', episodeStart: ep.start, bucketStart: start, peak: ep.peak }];
}
