import { campaignLocalities } from '../analysis/locality/index.js';
import { truncateText } from '../analysis/text.js';
import type { AlertKind, AlertsConfig, Campaign } from '../config/campaigns.js';
import {
  bumpAlertBuckets,
  insertOutbox,
  lockDetectorStates,
  readAlertBuckets,
  saveDetectorStates,
  topPosts,
  type BucketDelta,
  type OutboxInsert,
} from '../db/alerts.js';
import type { Executor } from '../db/client.js';
import type { Match } from '../domain/types.js';
import type { Logger } from '../log.js';
import { DAY_MS, lagValue } from './baseline.js';
import { detectorConfig } from './config.js';
import { destinationsFor } from './destinations.js';
import { createDetectorState, stepDetector, type DetectorConfig, type DetectorState, type SpikeAlert } from './detector.js';
import type { AlertPayload } from './payload.js';

/**
 * Spike detection inside the ingest transaction of each page (so rollups, bucket counts,
 * detector state and outbox rows commit or roll back together).
 *
 * When a bucket is judged: only once it is complete for every source of the campaign, i.e.
 * when each source (polled in the last STALE_SOURCE_MS) has started a newer poll than one that
 * started after the bucket's end. Pages come oldest-first, so that earlier poll fetched
 * everything created before it started. (A poll cut short by maxPages leaves the rest to the
 * next poll: those posts count late, in buckets already judged, which can hide a spike but
 * never invent one.) A detector never skips a bucket and never judges one twice.
 *
 * Gaps: the campaign's coverage row (series '*') remembers when each source's polls started;
 * two polls further apart than `gapAfter` (failed polls write no page) leave a gap, and buckets
 * inside a gap are fed to the detectors as missing, not zero. Cost per page: one locked read of the campaign's detector
 * rows, one grouped read of the new buckets, one write of the states that moved.
 */

export const STALE_SOURCE_MS = 2 * 3_600_000;
/** Spikes older than this when detected (a catch-up after downtime) update the episodes but are not sent. */
const MAX_ALERT_AGE_BUCKETS = 4;
const RECENT_BUCKETS = 24;

export interface WatchInput {
  campaign: Campaign & { alerts: AlertsConfig };
  /** Every source of the campaign. */
  sourceKeys: readonly string[];
  /** The source whose page is being written. */
  sourceKey: string;
  newMatches: readonly Match[];
  /** When the poll that fetched this page started: the same for all its pages. */
  pollStartedAt: Date;
  now: Date;
  log: Logger;
}

interface Coverage {
  startedAt: number;
  polls: Record<string, { current: number; previous: number | null }>;
  gaps: { source: string; from: number; to: number }[];
}

export async function watchPage(tx: Executor, input: WatchInput): Promise<{ queued: number }> {
  const { campaign, now } = input;
  const alerts = campaign.alerts;
  const cfg = detectorConfig(alerts);
  const bucketMs = cfg.bucketMs;
  const floor = (t: number) => Math.floor(t / bucketMs) * bucketMs;
  const nowMs = now.getTime();

  await bumpAlertBuckets(tx, campaign.id, bucketDeltas(input.newMatches, alerts, bucketMs));
  const stored = await lockDetectorStates(tx, campaign.id);
  const byKey = new Map(stored.map((s) => [s.series, s.state]));
  const earliest = Math.min(nowMs, ...input.newMatches.map((m) => m.createdAt.getTime()));
  const coverage = (byKey.get('*') as Coverage | undefined) ?? { startedAt: floor(earliest), polls: {}, gaps: [] };

  const pollStart = input.pollStartedAt.getTime();
  const poll = coverage.polls[input.sourceKey];
  if (!poll) coverage.polls[input.sourceKey] = { current: pollStart, previous: null };
  else if (poll.current !== pollStart) {
    if (pollStart - poll.current > alerts.gapAfter) {
      coverage.gaps.push({ source: input.sourceKey, from: poll.current, to: pollStart });
      input.log.warn({ campaign: campaign.id, source: input.sourceKey, from: new Date(poll.current).toISOString() }, 'collection gap: buckets marked missing');
    }
    coverage.polls[input.sourceKey] = { current: pollStart, previous: poll.current };
  }
  const horizon = nowMs - cfg.historyDays * DAY_MS;
  coverage.gaps = coverage.gaps.filter((g) => g.to > horizon);

  // Complete through the start of each live source's previous poll.
  const live = input.sourceKeys.map((key) => coverage.polls[key]).filter((p) => p !== undefined && nowMs - p.current <= STALE_SOURCE_MS);
  const marks = live.map((p) => p?.previous ?? null);
  const changed = new Map<string, unknown>([['*', coverage]]);
  let queued = 0;
  if (marks.length > 0 && marks.every((m): m is number => m !== null)) {
    const through = floor(Math.min(...marks));
    const states = new Map<string, DetectorState>();
    for (const [series, raw] of byKey) {
      if (series === '*') continue;
      const s = raw as DetectorState;
      if (s.v === 2 && s.bucketMs === bucketMs) states.set(series, s);
    }
    for (const series of new Set([...bucketDeltas(input.newMatches, alerts, bucketMs).map((d) => d.series), ...byKey.keys()])) {
      if (series === '*' || states.has(series)) continue;
      const state = createDetectorState(bucketMs, cfg.historyDays);
      state.next = floor(Math.max(coverage.startedAt, through - cfg.historyDays * DAY_MS));
      states.set(series, state);
    }
    const due = [...states].filter(([, s]) => (s.next ?? through) < through);
    if (due.length > 0) {
      const from = Math.min(...due.map(([, s]) => s.next as number));
      const counts = await readAlertBuckets(
        tx,
        campaign.id,
        due.map(([k]) => k),
        from,
        through,
        bucketMs,
      );
      const outbox: OutboxInsert[] = [];
      for (const [series, state] of due) {
        const fired: SpikeAlert[] = [];
        for (let t = state.next as number; t < through; t += bucketMs) {
          const missing = coverage.gaps.some((g) => g.from <= t && t + bucketMs <= g.to);
          const value = missing ? null : (counts.get(series)?.get(t) ?? 0);
          for (const e of stepDetector(state, t, value, cfg)) if (e.type === 'alert') fired.push(e);
        }
        changed.set(series, state);
        for (const alert of fired) {
          if (alert.bucketStart < nowMs - MAX_ALERT_AGE_BUCKETS * bucketMs - alerts.gapAfter) {
            input.log.info({ campaign: campaign.id, series, bucket: new Date(alert.bucketStart).toISOString() }, 'spike too old to alert');
            continue;
          }
          outbox.push(...(await outboxRows(tx, input, cfg, series, state, alert)));
        }
      }
      queued = await insertOutbox(tx, outbox, now);
      if (queued > 0) input.log.info({ campaign: campaign.id, queued }, 'alerts queued');
    }
  }
  await saveDetectorStates(
    tx,
    campaign.id,
    [...changed].map(([series, state]) => ({ series, state })),
    now,
  );
  return { queued };
}

export function seriesOf(m: Match, alerts: AlertsConfig): string[] {
  const out: string[] = [];
  if (alerts.series.includes('hashtags')) for (const tag of m.hashtags) out.push(`hashtag:${tag}`);
  if (alerts.series.includes('towns') && m.attribution.localityId) out.push(`town:${m.attribution.localityId}`);
  return out;
}

function bucketDeltas(matches: readonly Match[], alerts: AlertsConfig, bucketMs: number): BucketDelta[] {
  const out = new Map<string, BucketDelta>();
  for (const m of matches) {
    const bucketStart = new Date(Math.floor(m.createdAt.getTime() / bucketMs) * bucketMs).toISOString();
    for (const series of seriesOf(m, alerts)) {
      const key = `${series}\u0001${bucketStart}`;
      const d = out.get(key) ?? { series, bucketStart, posts: 0, negative: 0 };
      d.posts += 1;
      if (m.sentiment.label === 'negative') d.negative += 1;
      out.set(key, d);
    }
  }
  return [...out.values()];
}

async function outboxRows(
  tx: Executor,
  input: WatchInput,
  cfg: DetectorConfig,
  series: string,
  state: DetectorState,
  alert: SpikeAlert,
): Promise<OutboxInsert[]> {
  const { campaign } = input;
  const [prefix, value = ''] = series.split(/:(.*)/s) as [string, string];
  const kind: AlertKind = prefix === 'town' ? 'townSpike' : 'hashtagSpike';
  const label = kind === 'townSpike' ? (campaignLocalities(campaign).find((l) => l.id === value)?.name ?? value) : `#${value}`;
  const lag = Math.round(((state.next as number) - alert.bucketStart) / cfg.bucketMs);
  const recent = Array.from({ length: RECENT_BUCKETS }, (_, i) => lagValue(state.history, lag + RECENT_BUCKETS - 1 - i)).map((v) =>
    typeof v === 'number' ? v : null,
  );
  // The posts behind the alert: the whole window it counted, not only its last bucket.
  const end = alert.bucketStart + cfg.bucketMs;
  const posts = await topPosts(tx, campaign.id, { kind: kind === 'townSpike' ? 'town' : 'hashtag', value }, new Date(end - alert.windowMs), new Date(end));
  const payload: AlertPayload = {
    version: 1,
    kind,
    campaign: { id: campaign.id, name: campaign.name ?? campaign.id },
    series: { key: series, label },
    stage: alert.stage,
    stageNumber: alert.stageNumber,
    episodeStart: new Date(alert.episodeStart).toISOString(),
    bucketStart: new Date(alert.bucketStart).toISOString(),
    bucketMinutes: cfg.bucketMs / 60_000,
    windowMinutes: alert.windowMs / 60_000,
    timezone: campaign.challenge?.timezone ?? 'UTC',
    observed: alert.observed,
    expected: Math.round(alert.expected * 1000) / 1000,
    lift: Math.round(alert.lift * 100) / 100,
    pValue: Number(alert.pValue.toPrecision(3)),
    regime: alert.regime,
    recent,
    topPosts: posts.map((p) => ({ ...p, text: truncateText(p.text, 2000) })),
    leaderboardUrl: campaign.alerts.leaderboardUrl ?? null,
  };
  return destinationsFor(campaign.alerts, kind).map((d) => ({
    idempotencyKey: `${campaign.id}:${series}:${payload.episodeStart}:${alert.stageNumber}:${d.name}`,
    campaignId: campaign.id,
    series,
    kind,
    destination: d.name,
    bucketStart: new Date(alert.bucketStart),
    payload,
  }));
}
