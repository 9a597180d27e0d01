import { z } from 'zod';
import { graphFields } from '../meta/graph.js';
import { createInstagramProfiles } from '../meta/profiles.js';
import { definePlatform, sourceCommon, stripAt } from '../platform.js';
import { createInstagramConnector } from './index.js';

const igUserId = z.string().regex(/^\d+$/, 'expected the numeric Instagram user id');

export const instagramSourceSchema = z.strictObject({
  platform: z.literal('instagram'),
  ...sourceCommon,
  ...graphFields,
  /** The Instagram professional account id (not the Facebook page id) the searches run as. */
  userId: igUserId,
  limit: z.number().int().min(1).max(50).default(50),
  /** Distinct hashtags the account may search per rolling 7 days (Meta: 30). */
  hashtagBudget: z.number().int().min(1).max(30).default(30),
});
export type InstagramSourceConfig = z.infer<typeof instagramSourceSchema>;

export const platform = definePlatform({
  displayName: 'Instagram',
  source: instagramSourceSchema,
  createConnector: createInstagramConnector,
  accounts: {
    handle: z
      .string()
      .regex(/^@?[A-Za-z0-9._]{1,30}$/, 'expected an Instagram username such as "comunedigenova"')
      .transform(stripAt),
    credentials: z.strictObject({ ...graphFields, userId: igUserId }),
    needsCredentials: 'a source id, or { accessToken, userId } of an Instagram professional account',
    createProfiles: (c, deps, recentPosts) =>
      c &&
      createInstagramProfiles(
        { accessToken: c.accessToken, appSecret: c.appSecret, graphUrl: c.graphUrl, apiVersion: c.apiVersion, userId: c.userId },
        deps,
        recentPosts,
      ),
  },
});
