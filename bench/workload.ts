/**
 * The benchmark's workload: a regional challenge between the 50 most populous Ligurian comuni,
 * and its posts as the platforms send them — Mastodon tag-timeline pages (40 statuses, HTML
 * content, account objects) and X recent-search pages (100 tweets with the users expansion) —
 * rendered as JSON response bodies, deterministic for a seed, produced lazily a poll at a time
 * so that memory does not grow with the run.
 */
import { campaignLocalities } from '../src/analysis/locality/index.js';
import { campaignSchema, type Campaign } from '../src/config/campaigns.js';
import { mastodonTimelineSchema } from '../src/connectors/mastodon/schema.js';
import type { Connector, Page } from '../src/connectors/types.js';
import { xPageItems } from '../src/connectors/x/normalize.js';
import { xSearchPageSchema } from '../src/connectors/x/schema.js';
import { parsePayload } from '../src/http/client.js';
import { normalizeMastodonStatus } from '../src/connectors/mastodon/normalize.js';
import { normalizeXTweet } from '../src/connectors/x/normalize.js';
import { slugify } from '../src/analysis/locality/index.js';
import { generatePosts, mulberry32, type SimPost, type SimTown } from '../src/simulator/generator.js';
import { renderMastodonStatus, snowflake } from '../src/simulator/mastodon.js';
import { renderTweet, renderXUser, xSnowflake } from '../src/simulator/x.js';

export const TOWNS = 50;
export const WINDOW = { start: '2026-10-01', end: '2026-11-30' } as const;
const POSTS_FROM = Date.UTC(2026, 9, 1);
const POSTS_TO = Date.UTC(2026, 10, 20);
const MASTODON_PAGE = 40;
const X_PAGE = 100;
/** A poll walks this many pages (the connectors' default maxPages for Mastodon). */
export const PAGES_PER_POLL = 20;

/** The 50 most populous comuni of Liguria, by the same gazetteer the worker uses. */
function benchTowns(): string[] {
  const region = campaignSchema.parse({
    id: 'probe',
    hashtags: ['#probe'],
    sources: [{ platform: 'mastodon', instance: 'https://probe.invalid', schedule: '*/5 * * * *' }],
    localities: { gazetteer: 'it', region: 'Liguria' },
  });
  return campaignLocalities(region)
    .sort((a, b) => (b.population ?? 0) - (a.population ?? 0))
    .slice(0, TOWNS)
    .map((l) => l.name);
}

/** The challenge with the example's fairness rules (cap 5 a day, duplicates once, young accounts out). */
export function benchCampaign(): Campaign {
  const towns = benchTowns();
  return campaignSchema.parse({
    id: 'bench',
    name: 'Bench',
    hashtags: ['#orgoglioliguria', '#lamialiguria'],
    sources: [
      { platform: 'mastodon', instance: 'https://mastodon.bench.invalid', schedule: '*/5 * * * *' },
      { platform: 'x', bearerToken: 'bench', schedule: '*/5 * * * *' },
    ],
    localities: { gazetteer: 'it', region: 'Liguria', include: towns },
    challenge: {
      id: 'bench-2026',
      start: WINDOW.start,
      end: WINDOW.end,
      timezone: 'Europe/Rome',
      perCapita: true,
      capPerAuthorPerDay: 5,
      dedupeTexts: true,
      excludeAccounts: ['comunedigenova'],
      minAccountAgeDays: 7,
      weights: { posts: 1, authors: 1, engagement: 0.5, sentiment: 0.25 },
    },
  });
}

export function simTowns(campaign: Campaign): SimTown[] {
  return campaignLocalities(campaign).map((l, i) => ({
    name: l.name,
    hashtag: slugify(l.name).replace(/[^a-z0-9]/g, ''),
    // Zipf-like volume: the big cities post most.
    weight: 1 / (i + 1) ** 0.8,
  }));
}

const EXTRA = [
  'Foto scattata stamattina dal lungomare, luce incredibile.',
  'Qualcuno sa se domenica il museo è aperto?',
  'Il sindaco ha presentato il nuovo calendario degli eventi.',
  'Vento forte, mareggiata in arrivo: attenzione sulla passeggiata.',
  'Pesto fatto in casa e una passeggiata nei carruggi 🌿',
  'Coda interminabile in autostrada, ennesima giornata persa.',
  'Concerto gratuito in piazza stasera alle 21!',
  'Nuova pista ciclabile inaugurata, finalmente.',
];

/** Posts of one poll, rendered as the platform's JSON bodies. */
export interface PollBodies {
  platform: 'mastodon' | 'x';
  bodies: string[];
  posts: number;
}

/**
 * `total` posts in polls of PAGES_PER_POLL pages; 4 Mastodon polls for 1 X poll. Text is made
 * unique per post (a sentence and a counter) so that duplicate-text detection does not discard
 * nearly everything, as it would with the simulator's dozen templates alone.
 */
export function* pollBodies(campaign: Campaign, total: number, seed = 7, firstSeq = 0): Generator<PollBodies> {
  const towns = simTowns(campaign);
  const rand = mulberry32(seed);
  let made = 0;
  let poll = 0;
  const span = POSTS_TO - POSTS_FROM;
  while (made < total) {
    const platform = poll % 5 === 4 ? 'x' : 'mastodon';
    const perPage = platform === 'x' ? X_PAGE : MASTODON_PAGE;
    const count = Math.min(total - made, perPage * PAGES_PER_POLL);
    // Each poll covers its own slice of time, oldest first, as a forward poll does.
    const from = POSTS_FROM + Math.floor((made / total) * span);
    const to = POSTS_FROM + Math.floor(((made + count) / total) * span) + 1;
    const posts = generatePosts({
      seed: Math.floor(rand() * 2 ** 31),
      towns,
      start: new Date(from),
      end: new Date(to),
      count,
      campaignTag: rand() < 0.7 ? 'orgoglioliguria' : 'lamialiguria',
      authors: 20_000,
      firstSeq: firstSeq + made,
    });
    for (const p of posts) p.text = `${p.text} ${EXTRA[p.seq % EXTRA.length]} (${p.seq})`;
    const bodies: string[] = [];
    for (let i = 0; i < posts.length; i += perPage) {
      const slice = posts.slice(i, i + perPage);
      bodies.push(platform === 'x' ? xBody(slice) : mastodonBody(slice));
    }
    yield { platform, bodies, posts: posts.length };
    made += count;
    poll += 1;
  }
}

/** A connector replaying rendered bodies through the real parsing and normalization of the platform. */
export function replayConnector(platform: 'mastodon' | 'x', bodies: readonly string[]): Connector {
  return {
    platform,
    normalize: platform === 'x' ? normalizeXTweet : normalizeMastodonStatus,
    async *poll(): AsyncIterable<Page> {
      for (const [i, body] of bodies.entries()) {
        yield { items: parseBody(platform, body), cursor: `${platform}-${i}` };
      }
    },
  };
}

export function parseBody(platform: 'mastodon' | 'x', body: string): unknown[] {
  const json: unknown = JSON.parse(body);
  return platform === 'x' ? xPageItems(parsePayload(xSearchPageSchema, json, 'bench:x')) : parsePayload(mastodonTimelineSchema, json, 'bench:mastodon');
}

const BASE = 'https://mastodon.bench.invalid';

/** A tag-timeline page as Mastodon 4 serves it (newest first): the simulator's own rendering. */
function mastodonBody(posts: readonly SimPost[]): string {
  return JSON.stringify([...posts].reverse().map((p) => renderMastodonStatus(BASE, snowflake(p.createdAt, p.seq), p)));
}

/** A recent-search page (newest first) with the users expansion: the simulator's own rendering. */
function xBody(posts: readonly SimPost[]): string {
  const page = [...posts].reverse();
  const users = new Map(page.map((p) => [p.author.id, renderXUser(p)]));
  const data = page.map((p) => renderTweet(xSnowflake(p.createdAt, p.seq), p));
  return JSON.stringify({
    data,
    includes: { users: [...users.values()] },
    meta: { newest_id: data[0]?.id, oldest_id: data.at(-1)?.id, result_count: data.length },
  });
}
