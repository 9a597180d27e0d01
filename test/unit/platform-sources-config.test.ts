import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load.js';

const yaml = (sources: string) => `campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
${sources}
`;

const ALL = `      - { platform: instagram, schedule: "0 */2 * * *", userId: "17841405309211844", accessToken: "\${IG_TOKEN}" }
      - { platform: youtube, schedule: "*/30 * * * *", apiKey: "\${YOUTUBE_API_KEY}", regionCode: IT }
      - { platform: facebook, schedule: "*/15 * * * *", pageId: "104512345678901", accessToken: "\${FB_PAGE_TOKEN}" }
      - { platform: tiktok, schedule: "0 */6 * * *", clientKey: "\${TIKTOK_CLIENT_KEY}", clientSecret: "\${TIKTOK_CLIENT_SECRET}", regionCodes: [IT] }`;

const ENV = {
  IG_TOKEN: 'IGQVJ-token',
  YOUTUBE_API_KEY: 'AIza-key',
  FB_PAGE_TOKEN: 'EAAB-token',
  TIKTOK_CLIENT_KEY: 'awkey',
  TIKTOK_CLIENT_SECRET: 'tt-secret',
};

describe('instagram, youtube, facebook and tiktok sources', () => {
  it('take credentials from the environment and default only the optional values', () => {
    const { config, secrets } = parseConfigText(yaml(ALL), 'campaigns.yaml', ENV);
    const [ig, yt, fb, tt] = config.campaigns[0]?.sources ?? [];
    expect(ig).toMatchObject({ platform: 'instagram', accessToken: 'IGQVJ-token', apiVersion: 'v21.0', limit: 50, hashtagBudget: 30 });
    expect(yt).toMatchObject({ platform: 'youtube', apiKey: 'AIza-key', maxPages: 2, dailyQuota: 10_000, searchCost: 100 });
    expect(fb).toMatchObject({ platform: 'facebook', edge: 'posts', limit: 25 });
    expect(tt).toMatchObject({ platform: 'tiktok', maxCount: 100, dailyRequests: 1000, lagDays: 3 });
    expect(secrets).toEqual(expect.arrayContaining(Object.values(ENV)));
  });

  it('names every missing credential at once', () => {
    let problems: string[] = [];
    try {
      parseConfigText(yaml(ALL), 'campaigns.yaml', {});
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems.map((p) => p.message);
    }
    expect(problems).toEqual(expect.arrayContaining(Object.keys(ENV).map((name) => `environment variable ${name} is not set`)));
  });

  it('refuses an Instagram source without the IG user id', () => {
    expect(() => parseConfigText(yaml(`      - { platform: instagram, schedule: "0 * * * *", accessToken: x }`), 'c.yaml', {})).toThrow(/userId/);
  });
});
