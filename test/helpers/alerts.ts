import { analyzePost, type CampaignAnalyzer } from '../../src/analysis/analyze.js';
import type { AlertPayload } from '../../src/alerts/payload.js';
import { watchPage } from '../../src/alerts/watch.js';
import type { AlertsConfig, Campaign } from '../../src/config/campaigns.js';
import type { Db } from '../../src/db/client.js';
import { ingestPage } from '../../src/db/ingest.js';
import type { Match, NormalizedPost } from '../../src/domain/types.js';
import { silentLogger } from './log.js';

export const HOSTILE_TEXT = '<!channel> wake up <@U024BE7LH> & <!here> see <https://evil.example/login|bank.example> @channel @here';

export function makeAlertPayload(overrides: Partial<AlertPayload> = {}): AlertPayload {
  return {
    version: 1,
    kind: 'townSpike',
    campaign: { id: 'orgoglioliguria', name: 'Orgoglio Liguria' },
    series: { key: 'town:010007', label: 'Camogli' },
    stage: 'start',
    stageNumber: 1,
    episodeStart: '2026-06-10T18:00:00.000Z',
    bucketStart: '2026-06-10T18:00:00.000Z',
    bucketMinutes: 15,
    observed: 24,
    expected: 1.5,
    lift: 16,
    pValue: 1.2e-14,
    regime: 'poisson',
    recent: [1, 0, 2, 1, null, 1, 3, 24],
    topPosts: [{ url: 'https://mastodon.test/@a/1', author: 'Anna <admin>', text: HOSTILE_TEXT, engagement: 12 }],
    leaderboardUrl: 'https://campanile.test/leaderboard',
    ...overrides,
  };
}

/** One page of a poll that started at `pollStartedAt`, analyzed and ingested with the spike watch in its transaction, as the worker does. */
export async function ingestWatched(
  db: Db,
  page: {
    campaign: Campaign & { alerts: AlertsConfig };
    analyzer: CampaignAnalyzer;
    sourceKey: string;
    posts: NormalizedPost[];
    cursor: string;
    pollStartedAt: Date;
  },
): Promise<void> {
  const { campaign, sourceKey, pollStartedAt } = page;
  const matches = page.posts.map((p) => analyzePost(p, page.analyzer)).filter((m): m is Match => m !== null);
  await ingestPage(db, {
    sourceKey,
    platform: 'mastodon',
    posts: page.posts,
    matches,
    quarantined: [],
    cursor: page.cursor,
    afterWrite: (tx, written) =>
      watchPage(tx, {
        campaign,
        sourceKeys: [sourceKey],
        sourceKey,
        newMatches: written.newMatches,
        pollStartedAt,
        now: pollStartedAt,
        log: silentLogger(),
      }).then(() => {}),
  });
}
