import type { AlertPayload } from './payload.js';

/**
 * Slack Block Kit message for a spike alert. Every piece of text that we did not write
 * ourselves (post text, author names, town and campaign names from config) goes through
 * `slackText`: `&`, `<`, `>` are escaped, so `<!channel>`, `<!here>`, `<@U…>` and
 * `<https://evil|bank.example>` in a post stay literal text, and bare @channel/@here/@everyone
 * get a word joiner so that no setting can turn them into a ping. Lengths stay within Slack's
 * limits: 3000 characters per section text, 50 blocks, 10 context elements.
 */

export const SLACK_LIMITS = { sectionText: 3000, blocks: 50, contextElements: 10, fallbackText: 3000 } as const;
const POST_TEXT_MAX = 600;
const SPARK = '▁▂▃▄▅▆▇█';

export function escapeSlack(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** Escapes, then cuts to `max` characters without splitting an entity or a surrogate pair. */
export function slackText(text: string, max: number): string {
  const escaped = escapeSlack(text.replace(/\s+/g, ' ').trim());
  if (escaped.length <= max) return escaped;
  let cut = max - 1;
  const amp = escaped.lastIndexOf('&', cut);
  if (amp >= 0 && amp > cut - 5 && escaped.indexOf(';', amp) >= cut) cut = amp;
  if (/[\uD800-\uDBFF]/.test(escaped.charAt(cut - 1))) cut -= 1;
  return `${escaped.slice(0, cut)}…`;
}

export function sparkline(values: readonly (number | null)[]): string {
  const present = values.filter((v): v is number => v !== null);
  const max = Math.max(1, ...present);
  return values.map((v) => (v === null ? '·' : (SPARK[Math.min(7, Math.floor((v / max) * 7.999))] as string))).join('');
}

const fmt = (v: number, digits = 1) => (Number.isInteger(v) ? String(v) : v.toFixed(digits));

export function slackMessage(p: AlertPayload): { text: string; blocks: unknown[] } {
  const what = p.kind === 'hashtagSpike' ? 'hashtag' : 'town';
  const label = slackText(p.series.label, 200);
  const campaign = slackText(p.campaign.name, 200);
  const headline =
    p.stage === 'start'
      ? `:chart_with_upwards_trend: *${label}* is spiking (${what}, ${campaign})`
      : `:arrow_double_up: *${label}* keeps growing (${what}, ${campaign}, update ${p.stageNumber})`;
  const at = p.bucketStart.slice(0, 16).replace('T', ' ');
  const facts =
    `*${fmt(p.observed, 0)}* posts in ${fmt(p.bucketMinutes, 0)} min from ${at} UTC, ` +
    `expected *${fmt(p.expected)}* → lift *×${fmt(p.lift)}* (p = ${p.pValue.toPrecision(2)})`;
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: headline } },
    { type: 'section', text: { type: 'mrkdwn', text: `${facts}\n\`${sparkline(p.recent)}\` last ${p.recent.length} buckets` } },
  ];
  if (p.topPosts.length > 0) {
    blocks.push({ type: 'divider' });
    for (const post of p.topPosts.slice(0, 5)) {
      const author = slackText(post.author, 100);
      const body = slackText(post.text, POST_TEXT_MAX);
      const link = post.url && /^https?:\/\//.test(post.url) && post.url.length < 2000 ? ` <${escapeSlack(post.url)}|open>` : '';
      const text = `*${author}* · ${post.engagement} interactions${link}\n>${body}`;
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, SLACK_LIMITS.sectionText) } });
    }
  }
  if (p.leaderboardUrl) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Leaderboard' }, url: p.leaderboardUrl.slice(0, 3000) }],
    });
  }
  blocks.push({
    type: 'context',
    elements: [{ type: 'mrkdwn', text: slackText(`campanile · ${p.campaign.id} · ${p.series.key} · episode ${p.episodeStart}`, 300) }],
  });
  const text = slackText(`${p.series.label} is spiking: ${p.observed} posts vs ${fmt(p.expected)} expected`, SLACK_LIMITS.fallbackText);
  return { text, blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
