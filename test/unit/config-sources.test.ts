import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load.js';

const file = (sources: string) => `campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
${sources}`;

function problems(yaml: string, env: NodeJS.ProcessEnv = {}) {
  try {
    parseConfigText(yaml, 'c.yaml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.line} ${p.path}: ${p.message}`);
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

describe('Bluesky, X and Reddit source settings', () => {
  it('accepts each platform with credentials from the environment and defaults only for optional values', () => {
    const yaml = file(`      - { platform: bluesky, identifier: "\${BSKY_HANDLE}", appPassword: "\${BSKY_APP_PASSWORD}", schedule: "*/5 * * * *" }
      - { platform: x, bearerToken: "\${X_BEARER_TOKEN}", schedule: "*/15 * * * *", monthlyPostCap: 10000 }
      - { platform: reddit, clientId: "\${REDDIT_CLIENT_ID}", clientSecret: "\${REDDIT_CLIENT_SECRET}", userAgent: "server:campanile:0.1 (by /u/ops)", subreddits: [liguria], schedule: "*/10 * * * *" }
`);
    const env = {
      BSKY_HANDLE: 'comune.bsky.social',
      BSKY_APP_PASSWORD: 'aaaa-bbbb-cccc-dddd',
      X_BEARER_TOKEN: 'AAAAbearer',
      REDDIT_CLIENT_ID: 'cid-123',
      REDDIT_CLIENT_SECRET: 'secret-123',
    };
    const loaded = parseConfigText(yaml, 'c.yaml', env);
    const [bsky, x, reddit] = loaded.config.campaigns[0]?.sources ?? [];
    expect(bsky).toMatchObject({ service: 'https://bsky.social', limit: 100, appPassword: 'aaaa-bbbb-cccc-dddd' });
    expect(x).toMatchObject({ apiBase: 'https://api.x.com', limit: 100, includeRetweets: false, capResetDay: 1, monthlyPostCap: 10000 });
    expect(reddit).toMatchObject({ apiBase: 'https://oauth.reddit.com', subreddits: ['liguria'] });
    expect(loaded.secrets).toEqual(expect.arrayContaining(['aaaa-bbbb-cccc-dddd', 'AAAAbearer', 'secret-123']));
  });

  it('names every missing credential and unset variable at once, with its line', () => {
    const yaml = file(`      - { platform: bluesky, identifier: comune.bsky.social, schedule: "*/5 * * * *" }
      - { platform: x, bearerToken: "\${X_BEARER_TOKEN}", schedule: "*/15 * * * *" }
      - { platform: reddit, clientId: a, clientSecret: b, userAgent: campanile, schedule: "*/10 * * * *", subreddits: [r/liguria] }
`);
    expect(problems(yaml)).toEqual([
      '5 campaigns.0.sources.0.appPassword: Invalid input: expected string, received undefined',
      '6 campaigns.0.sources.1.bearerToken: environment variable X_BEARER_TOKEN is not set',
      expect.stringMatching(/^7 campaigns\.0\.sources\.2\.userAgent: expected a descriptive User-Agent/),
      expect.stringMatching(/^7 campaigns\.0\.sources\.2\.subreddits\.0: expected a subreddit name without r\//),
    ]);
  });

  it('lists the known platforms for a typo', () => {
    const [p] = problems(file(`      - { platform: blusky, schedule: "* * * * *" }\n`));
    expect(p).toContain('unknown platform: expected one of "mastodon", "bluesky", "x", "reddit"');
  });
});
