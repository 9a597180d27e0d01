import { z } from 'zod';
import { graphFields } from '../meta/graph.js';
import { createFacebookProfiles } from '../meta/profiles.js';
import { definePlatform, sourceCommon } from '../platform.js';
import { createFacebookConnector } from './index.js';

export const facebookSourceSchema = z.strictObject({
  platform: z.literal('facebook'),
  ...sourceCommon,
  ...graphFields,
  pageId: z.string().regex(/^[\w.-]+$/, 'expected a page id or username'),
  edge: z.enum(['posts', 'published_posts', 'feed']).default('posts'),
  limit: z.number().int().min(1).max(100).default(25),
});
export type FacebookSourceConfig = z.infer<typeof facebookSourceSchema>;

export const platform = definePlatform({
  displayName: 'Facebook',
  source: facebookSourceSchema,
  createConnector: createFacebookConnector,
  accounts: {
    handle: z.string().regex(/^[A-Za-z0-9.]+$/, 'expected a Facebook Page id such as "123456789" or its username'),
    credentials: z.strictObject(graphFields),
    needsCredentials: 'a source id, or { accessToken }',
    createProfiles: (c, deps) =>
      c && createFacebookProfiles({ accessToken: c.accessToken, appSecret: c.appSecret, graphUrl: c.graphUrl, apiVersion: c.apiVersion }, deps),
  },
});
