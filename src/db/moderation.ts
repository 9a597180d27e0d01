import { eq, sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { campaignModeration, postModeration } from './schema.js';

/** What an admin set at run time for one campaign; null/absent: the YAML decides. */
export interface StoredModeration {
  /** "platform:externalId" → true (hidden) or false (shown again, over the YAML's list). */
  posts: Map<string, boolean>;
  negativeTopPosts: boolean | null;
  /** Changes whenever a row does: part of the ETag of every answer moderated with it. */
  version: string;
}

export const postKey = (platform: string, externalId: string) => `${platform}:${externalId}`;

/** Two small reads by primary key prefix; a campaign has a handful of moderated posts. */
export async function storedModeration(db: Executor, campaignId: string): Promise<StoredModeration> {
  const [posts, settings] = await Promise.all([
    db.select().from(postModeration).where(eq(postModeration.campaignId, campaignId)),
    db.select().from(campaignModeration).where(eq(campaignModeration.campaignId, campaignId)),
  ]);
  const setting = settings[0];
  const times = [...posts.map((p) => p.updatedAt.getTime()), setting?.updatedAt.getTime() ?? 0];
  return {
    posts: new Map(posts.map((p) => [postKey(p.platform, p.externalId), p.hidden])),
    negativeTopPosts: setting?.negativeTopPosts ?? null,
    version: posts.length === 0 && !setting ? '' : `${posts.length}.${Math.max(...times)}`,
  };
}

export interface ModerationChange {
  hide?: readonly { platform: string; externalId: string }[];
  show?: readonly { platform: string; externalId: string }[];
  /** null: back to the YAML's setting. */
  negativeTopPosts?: boolean | null;
}

export async function changeModeration(db: Executor, campaignId: string, change: ModerationChange, at: Date): Promise<void> {
  // One row per post (a post both hidden and shown in one change ends shown: the later list wins).
  const byKey = new Map<string, { campaignId: string; platform: string; externalId: string; hidden: boolean; updatedAt: Date }>();
  for (const [list, hidden] of [
    [change.hide ?? [], true],
    [change.show ?? [], false],
  ] as const) {
    for (const p of list) byKey.set(postKey(p.platform, p.externalId), { campaignId, platform: p.platform, externalId: p.externalId, hidden, updatedAt: at });
  }
  const rows = [...byKey.values()];
  if (rows.length > 0) {
    await db
      .insert(postModeration)
      .values(rows)
      .onConflictDoUpdate({
        target: [postModeration.campaignId, postModeration.platform, postModeration.externalId],
        set: { hidden: sql`excluded.hidden`, updatedAt: sql`excluded.updated_at` },
      });
  }
  if (change.negativeTopPosts !== undefined) {
    await db
      .insert(campaignModeration)
      .values({ campaignId, negativeTopPosts: change.negativeTopPosts, updatedAt: at })
      .onConflictDoUpdate({ target: campaignModeration.campaignId, set: { negativeTopPosts: change.negativeTopPosts, updatedAt: at } });
  }
}
