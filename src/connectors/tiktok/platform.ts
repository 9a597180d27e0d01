import { z } from 'zod';
import { httpUrl, secretText } from '../../config/fields.js';
import { definePlatform, sourceCommon, stripAt } from '../platform.js';
import { createTiktokConnector } from './index.js';
import { createTiktokProfiles } from './profiles.js';

export const tiktokSourceSchema = z.strictObject({
  platform: z.literal('tiktok'),
  ...sourceCommon,
  maxPages: z.number().int().min(1).max(200).default(10),
  clientKey: secretText,
  clientSecret: secretText,
  apiUrl: httpUrl.default('https://open.tiktokapis.com'),
  regionCodes: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
  maxCount: z.number().int().min(1).max(100).default(100),
  /** Research API requests per UTC day (TikTok: 1,000). */
  dailyRequests: z.number().int().min(1).default(1_000),
  /** Days re-searched every poll: Research data shows up with a delay. */
  lagDays: z.number().int().min(0).max(29).default(3),
});
export type TiktokSourceConfig = z.infer<typeof tiktokSourceSchema>;

export const platform = definePlatform({
  displayName: 'TikTok',
  source: tiktokSourceSchema,
  createConnector: createTiktokConnector,
  accounts: {
    handle: z
      .string()
      .regex(/^@?[A-Za-z0-9_.]{2,24}$/, 'expected a TikTok username such as "comunegenova"')
      .transform(stripAt),
    credentials: z.strictObject({ clientKey: secretText, clientSecret: secretText, apiUrl: httpUrl.default('https://open.tiktokapis.com') }),
    needsCredentials: 'a source id, or { clientKey, clientSecret } of a Research API app',
    createProfiles: (c, deps) => c && createTiktokProfiles({ clientKey: c.clientKey, clientSecret: c.clientSecret, apiUrl: c.apiUrl }, deps),
  },
});
