import { accountsSection } from '../accounts/section.js';
import { localDay } from '../analysis/fairness.js';
import { campaignLocalities } from '../analysis/locality/index.js';
import type { Campaign, PageLanguage } from '../config/campaigns.js';
import { challengeId } from '../config/identity.js';
import { sourceKey } from '../connectors/index.js';
import type { Db } from '../db/client.js';
import { listSourceStates } from '../db/cursors.js';
import { lowConfidencePosts } from '../db/low-confidence.js';
import { hourlySeries, localityTotals } from '../db/rollups.js';
import { storedModeration } from '../db/moderation.js';
import { topPostsInWindow, type TopPost } from '../db/top-posts.js';
import type { HttpClient } from '../http/client.js';
import { coverageOf } from '../leaderboard/coverage.js';
import { latestSnapshot, postSnapshotWebhook, storeSnapshot, writeSnapshotFile } from '../leaderboard/sinks.js';
import { buildSnapshot, type Snapshot } from '../leaderboard/snapshot.js';
import { moderateTopPosts, moderationPolicy, type ModerationPolicy } from '../leaderboard/moderation.js';
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
  /** Sends the snapshot to the challenge's webhook, when it has one. */
  http: HttpClient;
}

export { challengeId };

/**
 * Computes a challenge's standings from rollups and publishes the snapshot to every sink.
 * Cost: grouped reads over the window's hourly rollups, author days and top posts (at most
 * 5 per town and day), the campaign's cursor rows and its official accounts' rows over their
 * window; independent of the number of stored posts.
 */
export async function publishLeaderboard(campaign: Campaign, deps: PublishDeps): Promise<Snapshot | null> {
  const challenge = campaign.challenge;
  if (!challenge) return null;
  const started = Date.now();
  const id = challengeId({ ...campaign, challenge });
  const window = challengeWindow(challenge);
  const days = { first: localDay(window.start, challenge.timezone), last: localDay(new Date(window.end.getTime() - 1), challenge.timezone) };
  const [totals, series, top, states, moderation, previous, accounts, lowConfidence] = await Promise.all([
    localityTotals(deps.db, campaign.id, window, days),
    hourlySeries(deps.db, campaign.id, window),
    topPostsInWindow(deps.db, campaign.id, days, TOP_POSTS_CANDIDATES),
    listSourceStates(deps.db),
    storedModeration(deps.db, campaign.id),
    latestSnapshot(deps.db, id),
    accountsSection(deps.db, campaign, deps.now()),
    lowConfidencePosts(deps.db, campaign.id, window),
  ]);
  const contenders = campaignLocalities(campaign).map(({ id: lid, name, code, population }) => ({ id: lid, name, code, population }));
  const scoreboard = computeStandings(contenders, totals, challenge);
  const unattributed = totals.find((t) => t.localityId === '');
  const towns = new Set(contenders.map((c) => c.id));
  const countedSentiment = totals
    .filter((t) => towns.has(t.localityId))
    .reduce((n, t) => ({ positive: n.positive + t.positive, negative: n.negative + t.negative }), { positive: 0, negative: 0 });
  const sources = campaign.sources.map((source, index) => ({ key: sourceKey(campaign.id, source, index), platform: source.platform }));
  const snapshot = buildSnapshot({
    challenge: { id, campaignId: campaign.id, title: challenge.title ?? campaign.name ?? campaign.id, ...pageLanguage(campaign) },
    window: { start: window.start.toISOString(), end: window.end.toISOString(), timezone: challenge.timezone },
    rules: {
      perCapita: challenge.perCapita,
      populationFloor: challenge.populationFloor,
      weights: challenge.weights,
      capPerAuthorPerDay: challenge.capPerAuthorPerDay ?? null,
      dedupeTexts: challenge.dedupeTexts,
      excludedAccounts: challenge.excludeAccounts.length,
      minAccountAgeDays: challenge.minAccountAgeDays ?? null,
      minFollowers: challenge.minFollowers ?? null,
    },
    generatedAt: deps.now(),
    scoreboard,
    series: series.filter((p) => p.localityId !== ''),
    topPosts: shownTopPosts(top, moderationPolicy(challenge.moderation, moderation)),
    all: {
      posts: totals.reduce((n, t) => n + (t.allPosts ?? t.posts), 0),
      engagement: totals.reduce((n, t) => n + (t.allEngagement ?? t.engagement), 0),
    },
    unattributed: { posts: unattributed?.allPosts ?? unattributed?.posts ?? 0 },
    lowConfidence: { posts: lowConfidence },
    countedSentiment,
    coverage: coverageOf(sources, states),
    previous: previous?.snapshot ?? null,
    accounts,
  });
  const file = await writeSnapshotFile(deps.outDir, snapshot);
  await storeSnapshot(deps.db, snapshot);
  deps.metrics?.snapshotPublished(id);
  if (challenge.webhook) {
    await postSnapshotWebhook(deps.http, challenge.webhook, snapshot, deps.log);
  }
  const leader = (scoreboard.standings[0]?.score ?? 0) > 0 ? scoreboard.standings[0]?.locality.name : null;
  deps.log.info({ challenge: id, towns: scoreboard.standings.length, leader, file, durationMs: Date.now() - started }, 'leaderboard published');
  return snapshot;
}

/** The configured language, else the gazetteer's country; absent: the page follows the viewer's browser. */
function pageLanguage(campaign: Campaign): { language?: PageLanguage } {
  const language = campaign.challenge?.language ?? campaign.localities.gazetteer;
  return language ? { language } : {};
}

/** Top posts published per town, and how many candidates are read so that moderation leaves enough. */
const TOP_POSTS_PER_TOWN = 3;
const TOP_POSTS_CANDIDATES = 10;

function shownTopPosts(candidates: readonly TopPost[], policy: ModerationPolicy): TopPost[] {
  const perTown = new Map<string, number>();
  return moderateTopPosts(candidates, policy).filter((p) => {
    const n = (perTown.get(p.localityId) ?? 0) + 1;
    perTown.set(p.localityId, n);
    return n <= TOP_POSTS_PER_TOWN;
  });
}
