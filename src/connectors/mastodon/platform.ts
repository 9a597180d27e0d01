import { z } from 'zod';
import { httpUrl, secretText } from '../../config/fields.js';
import { definePlatform, sourceCommon, stripAt } from '../platform.js';
import { createMastodonConnector } from './index.js';
import { createMastodonProfiles } from './profiles.js';

export const mastodonSourceSchema = z.strictObject({
  platform: z.literal('mastodon'),
  ...sourceCommon,
  instance: httpUrl,
  accessToken: secretText.optional(),
  limit: z.number().int().min(1).max(40).default(40),
  /** Only posts local to the instance. */
  local: z.boolean().default(false),
});
export type MastodonSourceConfig = z.infer<typeof mastodonSourceSchema>;

export const platform = definePlatform({
  displayName: 'Mastodon',
  source: mastodonSourceSchema,
  createConnector: createMastodonConnector,
  accounts: {
    handle: z
      .string()
      .regex(/^@?[A-Za-z0-9_]+@[A-Za-z0-9.-]+(:\d+)?$/, 'expected a full Mastodon handle such as "@comunegenova@mastodon.uno"')
      .transform(stripAt),
    /** Unset: each account is looked up on its own instance, without a token. */
    credentials: z.strictObject({ instance: httpUrl, accessToken: secretText.optional() }),
    needsCredentials: null,
    createProfiles: (c, deps, recentPosts) => createMastodonProfiles(c && { instance: c.instance, accessToken: c.accessToken }, deps, recentPosts),
  },
});
