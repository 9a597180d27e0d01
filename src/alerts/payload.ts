import { z } from 'zod';
import { ALERT_KINDS } from '../config/campaigns.js';

/**
 * What an outbox row carries: everything a message needs, captured when the spike was
 * detected (the top posts of that bucket, the recent counts), so that a resend after a
 * restart says exactly what the first attempt would have said. Parsed by zod when read back.
 */
export const alertPayloadSchema = z.object({
  version: z.literal(1),
  kind: z.enum(ALERT_KINDS),
  campaign: z.object({ id: z.string(), name: z.string() }),
  series: z.object({ key: z.string(), label: z.string() }),
  stage: z.enum(['start', 'growth']),
  stageNumber: z.number().int().positive(),
  episodeStart: z.iso.datetime(),
  bucketStart: z.iso.datetime(),
  bucketMinutes: z.number().positive(),
  /** The span `observed` and `expected` count (the detector's window); absent in rows queued before it existed. */
  windowMinutes: z.number().positive().optional(),
  /** Where "at this time on a Wednesday" is said: the challenge's time zone, else UTC. */
  timezone: z.string().optional(),
  observed: z.number(),
  expected: z.number(),
  lift: z.number(),
  pValue: z.number(),
  regime: z.enum(['poisson', 'overdispersed']),
  /** Counts of the recent buckets, oldest first, ending with the one that fired; null = gap. */
  recent: z.array(z.number().nullable()),
  topPosts: z.array(z.object({ url: z.string().nullable(), author: z.string(), text: z.string(), engagement: z.number() })),
  leaderboardUrl: z.string().nullable(),
});

export type AlertPayload = z.infer<typeof alertPayloadSchema>;
export type TopPost = AlertPayload['topPosts'][number];
