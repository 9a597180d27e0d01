import type { AlertPayload } from '../../src/alerts/payload.js';

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
