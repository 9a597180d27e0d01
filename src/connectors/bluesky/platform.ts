import { z } from 'zod';
import { httpUrl, secretText } from '../../config/fields.js';
import { definePlatform, sourceCommon, stripAt } from '../platform.js';
import { createBlueskyConnector } from './index.js';
import { createBlueskyProfiles } from './profiles.js';

export const blueskySourceSchema = z.strictObject({
  platform: z.literal('bluesky'),
  ...sourceCommon,
  /** The PDS or entryway that proxies search to the AppView. */
  service: httpUrl.default('https://bsky.social'),
  /** Handle or DID of the account, and an app password (Settings → App passwords). */
  identifier: z.string().min(1),
  appPassword: secretText,
  limit: z.number().int().min(1).max(100).default(100),
});
export type BlueskySourceConfig = z.infer<typeof blueskySourceSchema>;

export const platform = definePlatform({
  displayName: 'Bluesky',
  source: blueskySourceSchema,
  createConnector: createBlueskyConnector,
  accounts: {
    handle: z
      .string()
      .regex(/^@?(did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/, 'expected a Bluesky handle such as "comune.genova.it" or a DID')
      .transform(stripAt),
    /** Unset: the public AppView (https://public.api.bsky.app), without a login. */
    credentials: z.strictObject({ service: httpUrl }),
    needsCredentials: null,
    // A source logs in (its PDS proxies the reads); a bare service is read without login.
    createProfiles: (c, deps, recentPosts) => createBlueskyProfiles(c && ('platform' in c ? { source: c } : { service: c.service }), deps, recentPosts),
  },
});
