import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText, type ConfigProblem } from '../../src/config/load.js';

function problemsOf(yaml: string, env: NodeJS.ProcessEnv = {}): ConfigProblem[] {
  try {
    parseConfigText(yaml, 'campaigns.yaml', env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected the config to be rejected');
}

const VALID = `campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - platform: mastodon
        instance: https://mastodon.uno
        schedule: "*/5 * * * *"
`;

describe('campaign file validation', () => {
  it('accepts a valid file and applies defaults only to optional values', () => {
    const { config } = parseConfigText(VALID, 'campaigns.yaml', {});
    const source = config.campaigns[0]?.sources[0];
    expect(source).toMatchObject({ platform: 'mastodon', limit: 40, maxPages: 20, local: false });
  });

  it('reports YAML syntax errors with line and column', () => {
    const [p] = problemsOf('campaigns:\n  - id: x\n    hashtags: [#a\n');
    expect(p?.message).toMatch(/^YAML syntax/);
    expect(p?.line).toBe(3);
  });

  it('points an invalid cron expression at its own line', () => {
    const yaml = VALID.replace('"*/5 * * * *"', '"every five minutes"');
    const [p] = problemsOf(yaml);
    expect(p).toMatchObject({ line: 7, path: 'campaigns.0.sources.0.schedule' });
    expect(p?.message).toContain('cron expression');
    expect(p?.column).toBeGreaterThan(1);
  });

  it('names an unknown platform', () => {
    const [p] = problemsOf(VALID.replace('platform: mastodon', 'platform: myspace'));
    expect(p?.path).toBe('campaigns.0.sources.0.platform');
    expect(p?.message).toContain('unknown platform');
    expect(p?.line).toBe(5);
  });

  it('rejects a missing required field and says which', () => {
    const [p] = problemsOf(VALID.replace('    hashtags: ["#orgoglioliguria"]\n', ''));
    expect(p?.path).toBe('campaigns.0.hashtags');
    expect(p?.message).toMatch(/expected array, received undefined/i);
  });

  it('rejects an unknown key (a typo must not be silently ignored)', () => {
    const [p] = problemsOf(VALID.replace('schedule:', 'shedule: "* * * * *"\n        schedule:'));
    expect(p?.message).toMatch(/unrecognized key.*shedule/i);
  });

  it('reports an unset environment variable where it is used', () => {
    const yaml = `${VALID}        accessToken: \${MASTODON_TOKEN}\n`;
    const [p] = problemsOf(yaml);
    expect(p).toMatchObject({ line: 8, path: 'campaigns.0.sources.0.accessToken', message: 'environment variable MASTODON_TOKEN is not set' });
  });

  it('interpolates ${VAR} and ${VAR:-default} and keeps the values as secrets', () => {
    const yaml = `${VALID}        accessToken: \${MASTODON_TOKEN}\n      - platform: mastodon\n        instance: \${INSTANCE:-https://mastodon.social}\n        schedule: "0 * * * *"\n`;
    const loaded = parseConfigText(yaml, 'c.yaml', { MASTODON_TOKEN: 'tok-123456' });
    expect(loaded.config.campaigns[0]?.sources[0]).toMatchObject({ accessToken: 'tok-123456' });
    expect(loaded.config.campaigns[0]?.sources[1]).toMatchObject({ instance: 'https://mastodon.social' });
    expect(loaded.secrets).toContain('tok-123456');
  });

  it('rejects a challenge that ends before it starts', () => {
    const yaml = `${VALID}    challenge: { start: "2026-06-30", end: "2026-06-01" }\n`;
    const [p] = problemsOf(yaml);
    expect(p).toMatchObject({ path: 'campaigns.0.challenge.end', message: 'start must not be after end' });
  });

  it('rejects duplicate campaign ids and a bad time zone, all at once', () => {
    const yaml = `${VALID}    challenge: { start: "2026-06-01", end: "2026-06-30", timezone: Mars/Olympus }\n${VALID.replace('campaigns:\n', '')}`;
    const problems = problemsOf(yaml);
    expect(problems.map((p) => p.path)).toEqual(['campaigns.0.challenge.timezone', 'campaigns.1.id']);
    expect(problems[1]?.message).toContain('duplicate campaign id "orgoglioliguria"');
    expect(problems[0]?.message).toContain('IANA time zone');
  });

  it('rejects a malformed hashtag and a non-http instance with their positions', () => {
    const yaml = VALID.replace('"#orgoglioliguria"', '"#orgoglio liguria"').replace('https://mastodon.uno', 'ftp://mastodon.uno');
    const problems = problemsOf(yaml);
    expect(problems.map((p) => [p.line, p.path])).toEqual([
      [3, 'campaigns.0.hashtags.0'],
      [6, 'campaigns.0.sources.0.instance'],
    ]);
  });

  it('formats every problem as file:line:column: path: message', () => {
    expect(() => parseConfigText(VALID.replace('"*/5 * * * *"', '"nope"'), 'config/x.yaml', {})).toThrow(
      /^config\/x\.yaml:7:19: campaigns\.0\.sources\.0\.schedule: expected a cron expression/,
    );
  });
});

describe('optional values from the environment', () => {
  it('treats `${VAR:-}` with VAR unset as an absent optional value, not an empty string', () => {
    const yaml = `${VALID}        accessToken: \${MASTODON_TOKEN:-}\n`;
    const { config } = parseConfigText(yaml, 'c.yaml', {});
    expect(config.campaigns[0]?.sources[0]).not.toHaveProperty('accessToken');
    const withToken = parseConfigText(yaml, 'c.yaml', { MASTODON_TOKEN: 'abcdef' });
    expect(withToken.config.campaigns[0]?.sources[0]).toMatchObject({ accessToken: 'abcdef' });
  });
});
