import { z } from 'zod';
import { httpUrl, secretText } from '../../config/fields.js';
import { definePlatform, sourceCommon } from '../platform.js';
import { createYoutubeConnector } from './index.js';
import { createYoutubeProfiles } from './profiles.js';

export const youtubeSourceSchema = z.strictObject({
  platform: z.literal('youtube'),
  ...sourceCommon,
  maxPages: z.number().int().min(1).max(50).default(2),
  apiKey: secretText,
  apiUrl: httpUrl.default('https://www.googleapis.com/youtube/v3'),
  regionCode: z
    .string()
    .regex(/^[A-Z]{2}$/)
    .optional(),
  relevanceLanguage: z.string().min(2).optional(),
  limit: z.number().int().min(1).max(50).default(50),
  /** Units this source may spend per Pacific day; share a key between sources → split the quota. */
  dailyQuota: z.number().int().min(1).default(10_000),
  searchCost: z.number().int().min(1).default(100),
});
export type YoutubeSourceConfig = z.infer<typeof youtubeSourceSchema>;

export const platform = definePlatform({
  displayName: 'YouTube',
  source: youtubeSourceSchema,
  createConnector: createYoutubeConnector,
  accounts: {
    handle: z
      .string()
      .regex(/^(UC[A-Za-z0-9_-]{22}|@[A-Za-z0-9._-]{3,30})$/, 'expected a YouTube channel id ("UC" + 22 characters) or a handle such as "@comunedigenova"'),
    credentials: z.strictObject({ apiKey: secretText, apiUrl: httpUrl.default('https://www.googleapis.com/youtube/v3') }),
    needsCredentials: 'a source id, or { apiKey }',
    createProfiles: (c, deps, recentPosts) => c && createYoutubeProfiles({ apiKey: c.apiKey, apiUrl: c.apiUrl }, deps, recentPosts),
  },
});
