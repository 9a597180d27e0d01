import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfigText } from '../../src/config/load.js';

const file = (alerts: string) => `campaigns:
  - id: c
    hashtags: ["#c"]
    sources: [{ platform: mastodon, instance: "https://m.test", schedule: "*/5 * * * *" }]
    alerts: ${alerts}
`;

function problems(alerts: string): string[] {
  try {
    parseConfigText(file(alerts), 'c.yaml', {});
  } catch (err) {
    if (err instanceof ConfigError) return err.problems.map((p) => `${p.path}: ${p.message}`);
    throw err;
  }
  return [];
}

describe('alerts configuration', () => {
  it('applies the documented defaults', () => {
    const { config } = parseConfigText(file('{ slackWebhook: "https://hooks.slack.test/x" }'), 'c.yaml', {});
    expect(config.campaigns[0]?.alerts).toMatchObject({
      bucket: 15 * 60_000,
      window: 2 * 3_600_000,
      minPosts: 10,
      minLift: 6,
      maxPValue: 0.01,
      minExpected: 2,
      growthFactor: 2,
      cooldown: 2 * 3_600_000,
      gapAfter: 30 * 60_000,
      series: ['hashtags', 'towns'],
    });
  });

  it('needs somewhere to send alerts', () => {
    expect(problems('{ minPosts: 5 }')).toEqual(['campaigns.0.alerts: alerts need somewhere to go: slackWebhook, webhook, or slackWebhooks for every kind']);
  });

  it('accepts a generic webhook alone, and per-kind Slack webhooks', () => {
    expect(problems('{ webhook: { url: "https://sink.test/a", secret: "0123456789abcdef" } }')).toEqual([]);
    expect(problems('{ slackWebhooks: { hashtagSpike: "https://h.test/1", townSpike: "https://h.test/2" } }')).toEqual([]);
  });

  it('rejects a bucket that does not divide a day and a short secret, naming both', () => {
    const found = problems('{ slackWebhook: "https://h.test/1", bucket: 7m, webhook: { url: "https://s.test", secret: short } }');
    expect(found).toEqual([
      expect.stringMatching(/^campaigns\.0\.alerts\.bucket: expected a bucket/),
      expect.stringMatching(/^campaigns\.0\.alerts\.webhook\.secret: use a secret/),
    ]);
  });
});
