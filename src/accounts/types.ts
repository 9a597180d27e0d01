import type { ConnectorDeps } from '../connectors/types.js';

/** One public profile read: every figure is null when the platform does not say it (never 0). */
export interface ProfileSnapshot {
  kind: 'profile';
  followers: number | null;
  following: number | null;
  /** Posts (statuses, tweets, media, videos) the account has published in all. */
  posts: number | null;
  /**
   * Mean interactions (likes + reposts + replies + quotes; comments and shares where that is what
   * the platform counts) over the account's recent posts; null when none were read.
   */
  engagementPerPost: number | null;
  /** How many recent posts engagementPerPost is the mean of. */
  recentPosts: number | null;
}

/**
 * Why there is no profile: the account does not exist (or is not a professional one), is
 * private or suspended, the credentials were refused, or the platform could not be reached.
 */
export type MissingReason = 'not_found' | 'private' | 'suspended' | 'unauthorized' | 'forbidden' | 'unavailable' | 'not_configured';

export interface ProfileMissing {
  kind: 'missing';
  reason: MissingReason;
  detail?: string;
}

export type ProfileResult = ProfileSnapshot | ProfileMissing;

/**
 * A platform's public-profile reader. Account-level absence (unknown, private, suspended) comes
 * back as `missing`; credential and transport failures throw HttpError (the job records them as
 * missing too, with the reason, and logs what to fix).
 */
export interface ProfileFetcher {
  /** The platform's name (a string here: the registry's types are built from the fetchers' factories). */
  platform: string;
  fetchProfile(handle: string, signal: AbortSignal): Promise<ProfileResult>;
}

export type ProfileDeps = ConnectorDeps;

export const missing = (reason: MissingReason, detail?: string): ProfileMissing => ({ kind: 'missing', reason, ...(detail ? { detail } : {}) });

/** The mean of per-post interaction totals; null for no posts (a silent account has no rate, not 0). */
export function meanEngagement(perPost: readonly number[]): { engagementPerPost: number | null; recentPosts: number | null } {
  if (perPost.length === 0) return { engagementPerPost: null, recentPosts: 0 };
  const mean = perPost.reduce((s, n) => s + n, 0) / perPost.length;
  return { engagementPerPost: Math.round(mean * 100) / 100, recentPosts: perPost.length };
}
