import { describe, expect, it } from 'vitest';
import { accountsConfig, accountTargets } from '../../src/accounts/index.js';
import { ConfigError, parseConfigText } from '../../src/config/load.js';

const file = (towns: string, accounts = '') => `campaigns:
  - id: c
    hashtags: ["#c"]
    sources:
      - { platform: mastodon, id: uno, instance: "https://mastodon.uno", schedule: "*/5 * * * *" }
      - { platform: bluesky, id: bsky, identifier: me.bsky.social, appPassword: pw, schedule: "*/5 * * * *" }
    localities:
      extra:
${towns}
${accounts}
`;

function problems(yaml: string): string[] {
  try {
    parseConfigText(yaml, 'c.yaml', {});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('official accounts configuration', () => {
  it('reads handles per town (without the @) and applies the documented defaults', () => {
    const { config } = parseConfigText(
      file(
        `        - { name: Genova, population: 586180, accounts: { mastodon: "@comunegenova@mastodon.uno", bluesky: comune.genova.it, youtube: "@comunedigenova" } }`,
        '    accounts: { credentials: { youtube: { apiKey: k } } }',
      ),
      'c.yaml',
      {},
    );
    const campaign = config.campaigns[0];
    if (!campaign) throw new Error('no campaign');
    expect(accountTargets(campaign).map((t) => `${t.platform}:${t.handle}`)).toEqual([
      'mastodon:comunegenova@mastodon.uno',
      'bluesky:comune.genova.it',
      'youtube:@comunedigenova',
    ]);
    expect(accountsConfig(campaign)).toMatchObject({
      schedule: '0 6 * * *',
      timezone: 'Europe/Rome',
      windowDays: 30,
      recentPosts: 20,
      populationFloor: 5000,
      weights: { growth: 1, followersPerCapita: 1, engagementRate: 1, postsPerWeek: 0.5, followers: 0 },
    });
  });

  it('reports bad handles, unknown source references and platforms without credentials, all at once', () => {
    const yaml = file(
      `        - { name: Genova, accounts: { mastodon: comunegenova, x: "comune genova", instagram: comunedigenova } }
        - { name: Camogli, accounts: { tiktok: comunecamogli } }`,
      '    accounts: { credentials: { bluesky: uno, facebook: nessuna }, weights: { growth: 0, followersPerCapita: 0, engagementRate: 0, postsPerWeek: 0 } }',
    );
    expect(problems(yaml)).toEqual([
      'campaigns.0.localities.extra.0.accounts.mastodon: expected a full Mastodon handle such as "@comunegenova@mastodon.uno"',
      'campaigns.0.localities.extra.0.accounts.x: expected an X username such as "comunegenova" (letters, digits, _; at most 15)',
      'campaigns.0.localities.extra.0.accounts.x: Genova has an account on x but the campaign has no x credentials: add accounts.credentials.x (a source id, or { bearerToken })',
      'campaigns.0.localities.extra.0.accounts.instagram: Genova has an account on instagram but the campaign has no instagram credentials: add accounts.credentials.instagram (a source id, or { accessToken, userId } of an Instagram professional account)',
      'campaigns.0.localities.extra.1.accounts.tiktok: Camogli has an account on tiktok but the campaign has no tiktok credentials: add accounts.credentials.tiktok (a source id, or { clientKey, clientSecret } of a Research API app)',
      'campaigns.0.accounts.credentials.bluesky: source "uno" is a mastodon source; bluesky accounts need a bluesky source or credentials of their own',
      'campaigns.0.accounts.credentials.facebook: no source with id "nessuna" in this campaign',
      'campaigns.0.accounts.weights: at least one weight must be above 0',
    ]);
  });
});
