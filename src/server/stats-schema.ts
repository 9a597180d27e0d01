import { z } from 'zod';
import { jsonSchemaText } from '../leaderboard/snapshot-json-schema.js';

export const STATS_JSON_SCHEMA_PATH = 'schema/stats.schema.json';

const summary = z.object({
  posts: z.number().int().min(0),
  engagement: z.number().min(0),
  sentiment: z.object({
    mean: z.number().min(-1).max(1).nullable().describe('null without posts'),
    positiveShare: z.number().min(0).max(1).nullable(),
    negativeShare: z.number().min(0).max(1).nullable(),
  }),
});

/** GET /v1/campaigns/:id/stats, published as schema/stats.schema.json (npm run schema:snapshot). */
export const statsResponseSchema = z.object({
  campaign: z.object({ id: z.string(), name: z.string() }),
  range: z.object({ from: z.iso.datetime(), to: z.iso.datetime(), bucket: z.enum(['hour', 'day']), timezone: z.string() }),
  totals: summary,
  localities: z.array(summary.extend({ id: z.string().nullable().describe('null: posts attributed to no town'), name: z.string().nullable() })),
  platforms: z.array(summary.extend({ platform: z.string() })),
  series: z.array(z.object({ bucket: z.string(), posts: z.number().int().min(0) })),
});

export type StatsResponse = z.infer<typeof statsResponseSchema>;

export const statsJsonSchemaText = () => jsonSchemaText(statsResponseSchema, 'https://campanile.dev/schema/stats.v1.json', 'Campanile campaign stats');
