import { z } from 'zod';
import { httpUrl, secretText } from '../../config/fields.js';
import { definePlatform, sourceCommon, stripAt } from '../platform.js';
import { createXConnector } from './index.js';
import { createXProfiles } from './profiles.js';

export const xSourceSchema = z.strictObject({
  platform: z.literal('x'),
  ...sourceCommon,
  apiBase: httpUrl.default('https://api.x.com'),
  bearerToken: secretText,
  limit: z.number().int().min(10).max(100).default(100),
  includeRetweets: z.boolean().default(false),
  /** The plan's monthly post-read cap; the worker stops reading before it is spent. */
  monthlyPostCap: z.number().int().positive().optional(),
  /** Day of the month the cap resets (the billing day). */
  capResetDay: z.number().int().min(1).max(28).default(1),
});
export type XSourceConfig = z.infer<typeof xSourceSchema>;

export const platform = definePlatform({
  displayName: 'X',
  source: xSourceSchema,
  createConnector: createXConnector,
  accounts: {
    handle: z
      .string()
      .regex(/^@?[A-Za-z0-9_]{1,15}$/, 'expected an X username such as "comunegenova" (letters, digits, _; at most 15)')
      .transform(stripAt),
    credentials: z.strictObject({ bearerToken: secretText, apiBase: httpUrl.default('https://api.x.com') }),
    needsCredentials: 'a source id, or { bearerToken }',
    createProfiles: (c, deps) =>
      c && createXProfiles({ bearerToken: c.bearerToken, apiBase: c.apiBase, capResetDay: 'capResetDay' in c ? c.capResetDay : undefined }, deps),
  },
});
