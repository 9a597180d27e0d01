import { campaignLocalities } from '../analysis/locality/index.js';
import type { Campaign, ChallengeConfig } from '../config/campaigns.js';
import type { Db } from '../db/client.js';
import { hourlySeries, localityTotals } from '../db/rollups.js';
import { latestSnapshot, storeSnapshot, writeSnapshotFile } from '../leaderboard/sinks.js';
import { buildSnapshot, type Snapshot } from '../leaderboard/snapshot.js';
import { computeStandings } from '../leaderboard/standings.js';
import { challengeWindow } from '../leaderboard/window.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';

export interface PublishDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  outDir: string;
  /** Counts published snapshots; absent: not counted. */
  metrics?: Pick<Metrics, 'snapshotPublished'>;
}

export const challengeId = (campaign: Campaign & { challenge: ChallengeConfig }) => campaign.challenge.id ?? campaign.id;

/**
 * Computes a challenge's standings from rollups and publishes the snapshot to every sink.
 * Cost: two grouped reads over the window's hourly rollups and author days; independent of
 * the number of stored posts.
 */
export async function publishLeaderboard(campaign: Campaign, deps: PublishDeps): Promise<Snapshot | null> {
  const challenge = campaign.challenge;
  if (!challenge) return null;
  const started = Date.now();
  const id = challengeId({ ...campaign, challenge });
  const window = challengeWindow(challenge);
  const [totals, series, previous] = await Promise.all([
    localityTotals(deps.db, campaign.id, window),
    hourlySeries(deps.db, campaign.id, window),
    latestSnapshot(deps.db, id),
  ]);
  const contenders = campaignLocalities(campaign).map(({ id: lid, name, code, population }) => ({ id: lid, name, code, population }));
  const standings = computeStandings(contenders, totals, challenge);
  const unattributed = totals.find((t) => t.localityId === '');
  const snapshot = buildSnapshot({
    challenge: { id, campaignId: campaign.id, title: challenge.title ?? campaign.name ?? campaign.id },
    window: { start: window.start.toISOString(), end: window.end.toISOString(), timezone: challenge.timezone },
    rules: { perCapita: challenge.perCapita, weights: challenge.weights },
    generatedAt: deps.now(),
    standings,
    series: series.filter((p) => p.localityId !== ''),
    unattributed: { posts: unattributed?.posts ?? 0, engagement: unattributed?.engagement ?? 0 },
    previous: previous?.snapshot ?? null,
  });
  const file = await writeSnapshotFile(deps.outDir, snapshot);
  await storeSnapshot(deps.db, snapshot);
  deps.metrics?.snapshotPublished(id);
  deps.log.info({ challenge: id, towns: standings.length, leader: (standings[0]?.score ?? 0) > 0 ? standings[0]?.locality.name : null, file, durationMs: Date.now() - started }, 'leaderboard published');
  return snapshot;
}
