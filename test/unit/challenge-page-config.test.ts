import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load.js';

const file = (challenge: string) => `campaigns:
  - id: gers
    hashtags: ["#gersvillages"]
    sources:
      - { platform: mastodon, instance: "https://mastodon.test", schedule: "*/5 * * * *" }
    challenge:
      start: "2026-06-01"
      end: "2026-06-30"
${challenge}
`;

function problems(yaml: string) {
  try {
    parseConfigText(yaml, 'campaigns.yaml', {});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.line}:${p.column}: ${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe("a challenge's page settings", () => {
  it('default to no negative top posts and no hidden post', () => {
    const { config } = parseConfigText(file(''), 'campaigns.yaml', {});
    expect(config.campaigns[0]?.challenge?.moderation).toEqual({ hiddenPosts: [], negativeTopPosts: false });
    expect(config.campaigns[0]?.challenge?.language).toBeUndefined();
  });

  it('say where a language or a hidden post is wrong', () => {
    const found = problems(file('      language: de\n      moderation: { hiddenPosts: ["109123"], negativeTopPosts: yes }'));
    expect(found).toHaveLength(3);
    expect(found[0]).toMatch(/^9:17: campaigns\.0\.challenge\.language: .*"it".*"fr".*"en"/);
    expect(found[1]).toMatch(/^10:35: campaigns\.0\.challenge\.moderation\.hiddenPosts\.0: expected "platform:externalId"/);
    expect(found[2]).toMatch(/^10:64: campaigns\.0\.challenge\.moderation\.negativeTopPosts: /);
  });
});
