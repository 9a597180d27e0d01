import { describe, expect, it } from 'vitest';
import { escapeSlack, slackMessage, slackText, sparkline, SLACK_LIMITS } from '../../src/alerts/slack.js';
import { alertLine, parseSeriesCsv } from '../../src/alerts/series-file.js';
import { makeAlertPayload } from '../helpers/alerts.js';

const textsOf = (blocks: unknown[]): string[] => JSON.stringify(blocks).match(/"text":"((?:[^"\\]|\\.)*)"/g) ?? [];

describe('Slack message', () => {
  it('escapes post text so that it can neither ping nor disguise a link', () => {
    const msg = slackMessage(makeAlertPayload());
    const body = JSON.stringify(msg);
    for (const dangerous of ['<!channel>', '<!here>', '<@U024BE7LH>', '<https://evil.example', 'Anna <admin>']) expect(body).not.toContain(dangerous);
    expect(body).toContain('&lt;!channel&gt; wake up &lt;@U024BE7LH&gt; &amp; &lt;!here&gt;');
    expect(body).not.toMatch(/@(channel|here)\b/);
  });

  it('escapes names from the configuration too', () => {
    const msg = slackMessage(makeAlertPayload({ series: { key: 'town:x', label: 'Sestri <!channel> & Co' }, campaign: { id: 'c', name: '<@U1>' } }));
    expect(JSON.stringify(msg)).not.toMatch(/<!channel>|<@U1>/);
  });

  it('says why in words a communication officer reads at a glance, with the page and the posts behind it', () => {
    const msg = slackMessage(makeAlertPayload({ observed: 47, expected: 6.2, lift: 7.6, windowMinutes: 60, timezone: 'Europe/Rome' }));
    const all = textsOf(msg.blocks).join('\n');
    expect(all).toContain('*47 posts in the last hour for Camogli*, usually 6 at this time on a Wednesday.');
    expect(msg.text).toBe('47 posts in the last hour for Camogli, usually 6 at this time on a Wednesday');
    expect(all).toContain('×7.6 the usual');
    expect(all).toContain(sparkline([1, 0, 2, 1, null, 1, 3, 24]));
    expect(all).toContain('<https://campanile.test/leaderboard|open the page>');
    expect(JSON.stringify(msg.blocks)).toContain('<https://mastodon.test/@a/1|open the post>');
    expect(JSON.stringify(msg.blocks)).toContain('"url":"https://campanile.test/leaderboard"');
  });

  it('names the weekday in the campaign time zone and says the window it counted', () => {
    // 23:30 UTC on Wednesday is already Thursday in Rome.
    const late = { bucketStart: '2026-06-10T23:15:00.000Z', windowMinutes: 120, observed: 30, expected: 0.4 };
    expect(slackMessage(makeAlertPayload({ ...late, timezone: 'Europe/Rome' })).text).toBe(
      '30 posts in the last 2 hours for Camogli, usually fewer than 1 at this time on a Thursday',
    );
    expect(slackMessage(makeAlertPayload(late)).text).toContain('on a Wednesday');
  });

  it('builds every link through safeHttpUrl: a post URL holding | or > cannot show a label of its own', () => {
    const spoofs = ['https://evil.example/a|bank.example', 'https://evil.example/a>b|bank.example', 'javascript:alert(1)//|ok'];
    const msg = slackMessage(
      makeAlertPayload({ topPosts: spoofs.map((url) => ({ url, author: 'x', text: 'y', engagement: 1 })), leaderboardUrl: 'https://page.example/x|fake' }),
    );
    const body = JSON.stringify(msg.blocks);
    expect(body).not.toContain('a|bank.example');
    expect(body).not.toContain('javascript:');
    expect(body).toContain('<https://evil.example/a%7Cbank.example|open the post>');
    expect(body).toContain('<https://evil.example/a%3Eb%7Cbank.example|open the post>');
    expect(body).toContain('<https://page.example/x%7Cfake|open the page>');
  });

  it("keeps within Slack's limits whatever the post says", () => {
    const long = '<&>'.repeat(5000);
    const msg = slackMessage(makeAlertPayload({ topPosts: Array.from({ length: 80 }, () => ({ url: null, author: long, text: long, engagement: 1 })) }));
    expect(msg.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of msg.blocks as { text?: { text: string } }[]) expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    expect(msg.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fallbackText);
  });

  it('never cuts an escape sequence in half', () => {
    for (let max = 3; max < 20; max++) expect(slackText('a<b&c>d'.repeat(5), max)).not.toMatch(/&[a-z]*…$/);
    expect(escapeSlack('a & b')).toBe('a &amp; b');
  });

  it('draws a sparkline with gaps shown as dots', () => {
    expect(sparkline([0, 4, 8, null])).toBe('▁▄█·');
  });
});

describe('real series files', () => {
  it('reads timestamp,value rows at the file interval, with a header, naive times as UTC, and holes as missing', () => {
    const s = parseSeriesCsv('timestamp,value\n2026-06-01 00:00,3\n2026-06-01T01:00,4\n2026-06-01T03:00:00,5\n2026-06-01T04:00:00+02:00,1\n');
    expect(s.bucketMs).toBe(3_600_000);
    expect(new Date(s.start).toISOString()).toBe('2026-06-01T00:00:00.000Z');
    expect(s.values).toEqual([3, 4, 1, 5]);
  });

  it('prints the alert contract as one JSON line', () => {
    const line = alertLine('a.csv', {
      type: 'alert',
      stage: 'start',
      stageNumber: 1,
      episodeStart: 0,
      bucketStart: Date.UTC(2026, 5, 1, 10, 15),
      windowMs: 7_200_000,
      observed: 40,
      expected: 3.14159,
      lift: 12.732,
      pValue: 1.234567e-9,
      regime: 'poisson',
    });
    expect(JSON.parse(line)).toEqual({ series: 'a.csv', timestamp: '2026-06-01T10:15:00Z', observed: 40, expected: 3.142, lift: 12.73, 'p-value': 1.23e-9 });
  });
});
