/**
 * Analysis alone on one core (the main thread): hashtags, locality attribution and sentiment
 * (analyzePost) over posts already normalized from the workload's bodies. A first pass warms
 * the JIT and the sentiment memo; the second, over the same posts, is timed.
 */
import { analyzePost, prepareCampaign } from '../src/analysis/analyze.js';
import type { Campaign } from '../src/config/campaigns.js';
import type { NormalizedPost } from '../src/domain/types.js';
import { normalizeItems } from '../src/jobs/poll-source.js';
import { parseBody, pollBodies, replayConnector } from './workload.js';

export function normalizedPosts(campaign: Campaign, total: number, seed = 11): NormalizedPost[] {
  const posts: NormalizedPost[] = [];
  for (const poll of pollBodies(campaign, total, seed)) {
    const connector = replayConnector(poll.platform, []);
    for (const body of poll.bodies) posts.push(...normalizeItems(connector, parseBody(poll.platform, body)).posts);
  }
  return posts;
}

export function measureAnalysis(campaign: Campaign, total: number): { postsPerSecond: number; matched: number } {
  const analyzer = prepareCampaign(campaign);
  const posts = normalizedPosts(campaign, total);
  const warm = Math.min(posts.length, 5_000);
  for (let i = 0; i < warm; i++) analyzePost(posts[i] as NormalizedPost, analyzer);
  let matched = 0;
  const started = performance.now();
  for (const p of posts) if (analyzePost(p, analyzer)) matched += 1;
  const seconds = (performance.now() - started) / 1000;
  return { postsPerSecond: Math.round(posts.length / seconds), matched };
}

/** The worker path's CPU part without a database: JSON.parse, zod, normalize and analyze, warm. */
export function measureCpuPath(campaign: Campaign, total: number): number {
  const analyzer = prepareCampaign(campaign);
  const polls = [...pollBodies(campaign, total, 13)];
  const run = () => {
    let posts = 0;
    for (const poll of polls) {
      const connector = replayConnector(poll.platform, []);
      for (const body of poll.bodies) {
        for (const p of normalizeItems(connector, parseBody(poll.platform, body)).posts) {
          analyzePost(p, analyzer);
          posts += 1;
        }
      }
    }
    return posts;
  };
  run();
  const started = performance.now();
  const posts = run();
  return Math.round(posts / ((performance.now() - started) / 1000));
}
