/**
 * A thread of the analysis pool (analysis/pool.ts): analyses the posts it is sent with the
 * campaign it is sent, prepared once per campaign and kept.
 */
import { parentPort } from 'node:worker_threads';
import type { Campaign } from '../config/campaigns.js';
import type { NormalizedPost } from '../domain/types.js';
import { analyzePost, prepareCampaign, type CampaignAnalyzer } from './analyze.js';

export interface AnalysisRequest {
  id: number;
  campaign: Campaign;
  posts: NormalizedPost[];
}

const analyzers = new Map<string, { config: string; analyzer: CampaignAnalyzer }>();

function analyzerOf(campaign: Campaign): CampaignAnalyzer {
  // A reloaded configuration (SIGHUP) may change a campaign under the same id.
  const config = JSON.stringify(campaign);
  const known = analyzers.get(campaign.id);
  if (known?.config === config) return known.analyzer;
  const analyzer = prepareCampaign(campaign);
  analyzers.set(campaign.id, { config, analyzer });
  return analyzer;
}

parentPort?.on('message', (request: AnalysisRequest) => {
  try {
    const analyzer = analyzerOf(request.campaign);
    parentPort?.postMessage({ id: request.id, matches: request.posts.map((p) => analyzePost(p, analyzer)) });
  } catch (err) {
    parentPort?.postMessage({ id: request.id, error: err instanceof Error ? err.message : String(err) });
  }
});
