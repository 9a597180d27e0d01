import { safeHttpUrl } from '../http/safe-url.js';
import type { AlertPayload } from './payload.js';

/**
 * Slack Block Kit message for a spike alert. Every piece of text that we did not write
 * ourselves (post text, author names, town and campaign names from config) goes through
 * `slackText`: `&`, `<`, `>` are escaped, so `<!channel>`, `<!here>`, `<@U…>` and
 * `<https://evil|bank.example>` in a post stay literal text, and bare @channel/@here/@everyone
 * get a word joiner so that no setting can turn them into a ping. Lengths stay within Slack's
 * limits: 3000 characters per section text, 50 blocks, 10 context elements. Every link (post,
 * page) goes through safeHttpUrl, so a URL holding `|` or `>` cannot end the link early and show
 * a label of its own. The first line says why, in words: "47 posts in the last 2 hours for
 * Camogli, usually 6 at this time on a Wednesday".
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

/** "the last 2 hours", "the last hour", "the last 15 minutes". */
export function spanWords(minutes: number): string {
  if (minutes === 60) return 'the last hour';
  if (minutes > 60 && minutes % 60 === 0) return `the last ${minutes / 60} hours`;
  return `the last ${fmt(minutes, 0)} minutes`;
}

/** "usually 6 at this time on a Wednesday": the expectation in words, in the campaign's time zone. */
export function usualWords(expected: number, at: Date, timeZone: string): string {
  const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'long', timeZone }).format(at);
  const usual = expected < 1 ? 'fewer than 1' : String(Math.round(expected));
  return `usually ${usual} at this time on a ${weekday}`;
}

/** A post's link as Slack mrkdwn, or nothing: only what safeHttpUrl lets through becomes a link. */
function postLink(url: string | null): string {
  const safe = safeHttpUrl(url);
  return safe ? ` · <${safe}|open the post>` : '';
}

export function slackMessage(p: AlertPayload): { text: string; blocks: unknown[] } {
  const what = p.kind === 'hashtagSpike' ? 'hashtag' : 'town';
  const label = slackText(p.series.label, 200);
  const campaign = slackText(p.campaign.name, 200);
  const windowMinutes = p.windowMinutes ?? p.bucketMinutes;
  const end = new Date(Date.parse(p.bucketStart) + p.bucketMinutes * 60_000);
  const posts = `${fmt(p.observed, 0)} post${p.observed === 1 ? '' : 's'} in ${spanWords(windowMinutes)}`;
  const usual = usualWords(p.expected, end, p.timezone ?? 'UTC');
  const why =
    p.stage === 'start'
      ? `:chart_with_upwards_trend: *${posts} for ${label}*, ${usual}.`
      : `:arrow_double_up: *${label} keeps growing: ${posts}*, ${usual} (update ${p.stageNumber}).`;
  const page = safeHttpUrl(p.leaderboardUrl);
  const facts =
    `${what === 'town' ? 'Town' : 'Hashtag'} in ${campaign} · ×${fmt(p.lift)} the usual · ` +
    `\`${sparkline(p.recent)}\` last ${p.recent.length} × ${fmt(p.bucketMinutes, 0)} min` +
    (page ? ` · <${page}|open the page>` : '');
  const blocks: unknown[] = [
    { type: 'section', text: { type: 'mrkdwn', text: why } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: facts }] },
  ];
  if (p.topPosts.length > 0) {
    blocks.push({ type: 'divider' });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `The most engaging posts behind it:` } });
    for (const post of p.topPosts.slice(0, 5)) {
      const author = slackText(post.author, 100);
      const body = slackText(post.text, POST_TEXT_MAX);
      const text = `*${author}* · ${post.engagement} interactions${postLink(post.url)}\n>${body}`;
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, SLACK_LIMITS.sectionText) } });
    }
  }
  if (page) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the page' }, url: page }],
    });
  }
  blocks.push({
    type: 'context',
    elements: [
      { type: 'mrkdwn', text: slackText(`campanile · ${p.campaign.id} · ${p.series.key} · episode ${p.episodeStart} · p = ${p.pValue.toPrecision(2)}`, 300) },
    ],
  });
  const text = slackText(`${posts} for ${p.series.label}, ${usual}`, SLACK_LIMITS.fallbackText);
  return { text, blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}
