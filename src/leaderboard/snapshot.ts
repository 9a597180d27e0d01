import { z } from 'zod';
import type { Standing } from './standings.js';

export const SNAPSHOT_SCHEMA_VERSION = 1;

const componentValue = z.object({
  raw: z.number(),
  perCapita: z.number().nullable(),
  normalized: z.number().min(0).max(1),
});

const locality = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable(),
  population: z.number().int().nullable(),
});

export const snapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  challenge: z.object({ id: z.string(), campaignId: z.string(), title: z.string() }),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime(), timezone: z.string() }),
  generatedAt: z.iso.datetime(),
  rules: z.object({
    perCapita: z.boolean(),
    weights: z.object({ posts: z.number(), authors: z.number(), engagement: z.number(), sentiment: z.number() }),
  }),
  standings: z.array(
    z.object({
      rank: z.number().int().positive(),
      locality,
      score: z.number(),
      components: z.object({ posts: componentValue, authors: componentValue, engagement: componentValue, sentiment: componentValue }),
      positiveShare: z.number().min(0).max(1),
      negativeShare: z.number().min(0).max(1),
      /** Positive when the town climbed since the previous snapshot; null on its first appearance. */
      rankChange: z.number().int().nullable(),
      scoreChange: z.number().nullable(),
    }),
  ),
  series: z.array(z.object({ localityId: z.string(), hour: z.iso.datetime(), posts: z.number().int() })),
  totals: z.object({
    posts: z.number().int(),
    attributedPosts: z.number().int(),
    unattributedPosts: z.number().int(),
    engagement: z.number().int(),
  }),
});

export type Snapshot = z.infer<typeof snapshotSchema>;

export interface SnapshotInput {
  challenge: Snapshot['challenge'];
  window: Snapshot['window'];
  rules: Snapshot['rules'];
  generatedAt: Date;
  standings: readonly Standing[];
  series: Snapshot['series'];
  unattributed: { posts: number; engagement: number };
  previous: Snapshot | null;
}

/** Pure: standings plus their movement since the previous snapshot. */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const before = new Map(input.previous?.standings.map((s) => [s.locality.id, s]) ?? []);
  const standings = input.standings.map((s) => {
    const prev = before.get(s.locality.id);
    return {
      ...s,
      rankChange: prev ? prev.rank - s.rank : null,
      scoreChange: prev ? Math.round((s.score - prev.score) * 100) / 100 : null,
    };
  });
  const attributedPosts = standings.reduce((n, s) => n + s.components.posts.raw, 0);
  const attributedEngagement = standings.reduce((n, s) => n + s.components.engagement.raw, 0);
  return snapshotSchema.parse({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    challenge: input.challenge,
    window: input.window,
    generatedAt: input.generatedAt.toISOString(),
    rules: input.rules,
    standings,
    series: input.series,
    totals: {
      posts: attributedPosts + input.unattributed.posts,
      attributedPosts,
      unattributedPosts: input.unattributed.posts,
      engagement: attributedEngagement + input.unattributed.engagement,
    },
  });
}
