/**
 * Terminology
 * - campaign:   a marketing effort identified by hashtags (#orgoglioliguria), configured in YAML.
 * - source:     one (campaign, platform, query) that a connector polls on a schedule; its
 *               `sourceKey` names its cursor row.
 * - post:       one platform item normalised to NormalizedPost; unique by (platform, externalId).
 * - match:      a post that belongs to a campaign, with its locality attribution and sentiment.
 * - locality:   a town (comune, commune) or any configured place that competes in a challenge.
 * - rollup:     per (campaign, locality, hour) running totals maintained in the ingest
 *               transaction; standings and spike detection read rollups, never raw posts.
 * - challenge:  a contest between a campaign's localities over a time window.
 * - standing:   one locality's rank and score in a challenge.
 * - snapshot:   a versioned JSON document of a challenge's standings at a point in time.
 * - official account: a town's own page on a platform (accounts: in YAML); its public profile
 *               (followers, following, posts, engagement per recent post) is recorded once a
 *               day into account_metrics; "attrattiva digitale" ranks towns by those series.
 * - missing:    a figure we could not read (platform not configured, private or unknown
 *               account, refused credentials); stored as null with a reason, never as 0.
 */
import type { PlatformName } from '../connectors/registry.js';

/** A platform's name, from the registry (connectors/registry.ts). */
export type Platform = PlatformName;

export interface Engagement {
  likes: number;
  reposts: number;
  replies: number;
  quotes: number;
  views: number | null;
}

export interface NormalizedPost {
  platform: Platform;
  /** Stable id, unique within the platform (Mastodon: the status `uri`, shared across instances). */
  externalId: string;
  url: string | null;
  authorId: string;
  authorHandle: string;
  authorName: string | null;
  authorLocation: string | null;
  authorFollowers: number | null;
  authorCreatedAt: Date | null;
  text: string;
  lang: string | null;
  createdAt: Date;
  engagement: Engagement;
  /** Lowercased, accent-folded hashtags without '#', from platform entities and from the text. */
  hashtags: string[];
  geo: { lat: number; lon: number } | null;
  placeName: string | null;
}

export type AttributionMethod = 'geo' | 'place' | 'hashtag' | 'text' | 'profile' | 'none';

export interface Attribution {
  localityId: string | null;
  method: AttributionMethod;
  confidence: number;
}

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

export interface Sentiment {
  score: number;
  label: SentimentLabel;
  lang: string;
  confidence: number;
}

/** Why a stored post does not count in a challenge's scores (see analysis/fairness.ts). */
export const UNCOUNTED_REASONS = ['excluded_account', 'account_too_new', 'too_few_followers', 'duplicate_text', 'author_daily_cap', 'low_confidence'] as const;
export type UncountedReason = (typeof UNCOUNTED_REASONS)[number];

/** A post's membership in one campaign: the result of the pure analysis step. */
export interface Match {
  campaignId: string;
  platform: Platform;
  externalId: string;
  authorKey: string;
  createdAt: Date;
  hashtags: string[];
  attribution: Attribution;
  sentiment: Sentiment;
  engagement: number;
  url: string | null;
  /** Near-duplicate key of the text (analysis/fairness.ts textHash). */
  textHash: string;
  /** Set when an account rule or the challenge's minConfidence already rules the post out of the scores. */
  exclusion: UncountedReason | null;
}

export function totalEngagement(e: Engagement): number {
  return e.likes + e.reposts + e.replies + e.quotes;
}

/** Author identity across the campaign: platform-qualified so that ids never collide. */
export function authorKey(post: Pick<NormalizedPost, 'platform' | 'authorId'>): string {
  return `${post.platform}:${post.authorId}`;
}
