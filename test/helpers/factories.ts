import { parseConfigText } from '../../src/config/load.js';
import type { Campaign } from '../../src/config/campaigns.js';
import type { NormalizedPost } from '../../src/domain/types.js';

let counter = 0;

export function makePost(overrides: Partial<NormalizedPost> = {}): NormalizedPost {
  counter += 1;
  return {
    platform: 'mastodon',
    externalId: `https://example.social/users/u/statuses/${counter}`,
    url: null,
    authorId: `author-${counter}`,
    authorHandle: `author${counter}@example.social`,
    authorName: null,
    authorLocation: null,
    authorFollowers: null,
    authorCreatedAt: null,
    text: 'Che bella giornata #orgoglioliguria',
    lang: 'it',
    createdAt: new Date('2026-06-10T10:15:00Z'),
    engagement: { likes: 1, reposts: 0, replies: 0, quotes: 0, views: null },
    hashtags: ['orgoglioliguria'],
    geo: null,
    placeName: null,
    ...overrides,
  };
}

/** A campaign parsed from YAML exactly as a user would write it. */
export function campaignFromYaml(yaml: string, env: NodeJS.ProcessEnv = {}): Campaign {
  const loaded = parseConfigText(yaml, 'test.yaml', env);
  return loaded.config.campaigns[0] as Campaign;
}

export const LIGURIA_YAML = `
campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, instance: "https://mastodon.test", schedule: "*/5 * * * *", limit: 3 }
    localities:
      extra:
        - { name: Genova, code: "010025", population: 586180, aliases: [Zena], hashtags: ["#genova"] }
        - { name: Camogli, code: "010007", population: 5481, hashtags: ["#camogli"] }
        - { name: Sestri Levante, code: "010059", population: 18172 }
    challenge: { start: "2026-06-01", end: "2026-06-30", perCapita: false, populationFloor: 0, dedupeTexts: false }
`;
