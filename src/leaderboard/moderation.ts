import type { ChallengeConfig } from '../config/campaigns.js';
import { postKey, type StoredModeration } from '../db/moderation.js';
import type { SentimentLabel } from '../domain/types.js';

/** Which top posts may be shown: the YAML's `challenge.moderation`, overridden by what an admin stored. */
export interface ModerationPolicy {
  hidden: ReadonlySet<string>;
  negativeTopPosts: boolean;
}

export function moderationPolicy(config: ChallengeConfig['moderation'] | undefined, stored: StoredModeration | null): ModerationPolicy {
  const hidden = new Set(config?.hiddenPosts ?? []);
  for (const [key, isHidden] of stored?.posts ?? []) {
    if (isHidden) hidden.add(key);
    else hidden.delete(key);
  }
  return { hidden, negativeTopPosts: stored?.negativeTopPosts ?? config?.negativeTopPosts ?? false };
}

/** Pure: the posts the policy lets through, in their order. A post of unknown sentiment is not negative. */
export function moderateTopPosts<T extends { platform: string; externalId: string; sentiment?: SentimentLabel | undefined }>(
  posts: readonly T[],
  policy: ModerationPolicy,
): T[] {
  return posts.filter((p) => !policy.hidden.has(postKey(p.platform, p.externalId)) && (policy.negativeTopPosts || p.sentiment !== 'negative'));
}
