import type { Campaign } from '../config/campaigns.js';
import { authorKey, totalEngagement, type Match, type NormalizedPost, type UncountedReason } from '../domain/types.js';
import { countingRules, createAccountCheck, textHash, type CountingRules } from './fairness.js';
import { normalizeHashtag } from './hashtags.js';
import { campaignLocalities, createLocalityMatcher, type LocalityMatcher } from './locality/index.js';
import { scoreSentiment } from './sentiment/index.js';

/** A campaign prepared once for analysing many posts. */
export interface CampaignAnalyzer {
  campaignId: string;
  hashtags: ReadonlySet<string>;
  localities: LocalityMatcher;
  /** The challenge's account rules (excluded accounts, minimum age and followers). */
  accountCheck: (post: NormalizedPost) => UncountedReason | null;
  /** The challenge's rules that the ingest transaction applies (cap, duplicates, day boundaries). */
  counting: CountingRules;
  /** Attributions less sure than this are stored but not counted (0: all count). */
  minConfidence: number;
}

export function prepareCampaign(campaign: Campaign): CampaignAnalyzer {
  return {
    campaignId: campaign.id,
    hashtags: new Set(campaign.hashtags.map(normalizeHashtag)),
    localities: createLocalityMatcher(campaignLocalities(campaign)),
    accountCheck: createAccountCheck(campaign.challenge ?? { excludeAccounts: [] }),
    counting: countingRules(campaign),
    minConfidence: campaign.challenge?.minConfidence ?? 0,
  };
}

/** The post's match with the campaign, or null when it carries none of the campaign's hashtags. */
export function analyzePost(post: NormalizedPost, campaign: CampaignAnalyzer): Match | null {
  const hashtags = post.hashtags.filter((tag) => campaign.hashtags.has(tag));
  if (hashtags.length === 0) return null;
  const attribution = campaign.localities.attribute(post);
  return {
    campaignId: campaign.campaignId,
    platform: post.platform,
    externalId: post.externalId,
    authorKey: authorKey(post),
    createdAt: post.createdAt,
    hashtags,
    attribution,
    // The campaign's own tags (#orgoglioliguria) are in every post: they say nothing about its tone.
    sentiment: scoreSentiment(post.text, post.lang, { ignoreHashtags: campaign.hashtags }),
    engagement: totalEngagement(post.engagement),
    url: post.url,
    textHash: textHash(post),
    exclusion: campaign.accountCheck(post) ?? lowConfidence(attribution, campaign.minConfidence),
  };
}

/** A town given less surely than the challenge asks: the post is stored, not counted. */
function lowConfidence(attribution: Match['attribution'], minConfidence: number): UncountedReason | null {
  return attribution.localityId !== null && attribution.confidence < minConfidence ? 'low_confidence' : null;
}
