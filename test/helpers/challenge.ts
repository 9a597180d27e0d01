import { createHttpClient } from '../../src/http/client.js';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareCampaign } from '../../src/analysis/analyze.js';
import type { Campaign } from '../../src/config/campaigns.js';
import { sourceKey } from '../../src/connectors/index.js';
import type { Connector, Page } from '../../src/connectors/types.js';
import type { Db } from '../../src/db/client.js';
import type { NormalizedPost } from '../../src/domain/types.js';
import { pollSource, type PollOutcome, type PollTarget } from '../../src/jobs/poll-source.js';
import { publishLeaderboard } from '../../src/jobs/publish-leaderboard.js';
import type { Snapshot } from '../../src/leaderboard/snapshot.js';
import type { Logger } from '../../src/log.js';
import type { Metrics } from '../../src/metrics.js';
import { createHttpServer, type HttpServer } from '../../src/server/server.js';
import { makePost } from './factories.js';

/**
 * A connector that serves pages already in memory: items that are NormalizedPost objects
 * normalise to themselves, anything else is invalid (and gets quarantined). It stands in for a
 * platform, not for our code: pollSource, ingest, rollups and the cursor all run for real.
 */
export function pagesConnector(pages: Page[]): Connector {
  return {
    platform: 'mastodon',
    async *poll() {
      yield* pages;
    },
    normalize(item) {
      const post = item as NormalizedPost;
      return post && typeof post === 'object' && typeof post.externalId === 'string' && post.createdAt instanceof Date
        ? { kind: 'post', post }
        : { kind: 'invalid', reason: 'not a post' };
    },
  };
}

export function pollTarget(campaign: Campaign, pages: Page[]): PollTarget {
  const source = campaign.sources[0];
  if (!source) throw new Error('campaign has no source');
  return { key: sourceKey(campaign.id, source, 0), campaign, analyzer: prepareCampaign(campaign), source, connector: pagesConnector(pages) };
}

export interface SeedOptions {
  log: Logger;
  now: () => Date;
  metrics?: Metrics;
}

/** Polls `pages` through the real ingest path, then publishes the challenge's snapshot. */
export async function ingestAndPublish(db: Db, campaign: Campaign, pages: Page[], options: SeedOptions): Promise<{ poll: PollOutcome; snapshot: Snapshot }> {
  const poll = await pollSource(pollTarget(campaign, pages), { db, ...options }, new AbortController().signal);
  const outDir = await mkdtemp(join(tmpdir(), 'campanile-out-'));
  const snapshot = await publishLeaderboard(campaign, { db, outDir, http: createHttpClient(), ...options });
  if (!snapshot) throw new Error('campaign has no challenge');
  return { poll, snapshot };
}

/** `count` posts for one town on 10 June 2026, tagged with the campaign and the town's hashtag. */
export function townPosts(count: number, town: { tag?: string; text?: string }, base: Partial<NormalizedPost> = {}): NormalizedPost[] {
  return Array.from({ length: count }, (_, i) =>
    makePost({
      text: town.text ?? `Che bella giornata #orgoglioliguria ${town.tag ? `#${town.tag}` : ''}`,
      hashtags: ['orgoglioliguria', ...(town.tag ? [town.tag] : [])],
      createdAt: new Date(Date.UTC(2026, 5, 10, 8 + (i % 10), 15)),
      ...base,
    }),
  );
}

export async function startServer(
  db: Db,
  campaigns: Campaign[],
  deps: { log: Logger; now: () => Date; metrics: Metrics },
): Promise<{ server: HttpServer; url: string }> {
  const server = await createHttpServer({
    db,
    campaigns,
    sourceKeys: campaigns.flatMap((c) => c.sources.map((s, i) => sourceKey(c.id, s, i))),
    ...deps,
  });
  const { url } = await server.listen(0, '127.0.0.1');
  return { server, url };
}
