import { z } from 'zod';
import { httpUrl, secretText } from '../../config/fields.js';
import { definePlatform, sourceCommon } from '../platform.js';
import { createRedditConnector } from './index.js';

export const redditSourceSchema = z.strictObject({
  platform: z.literal('reddit'),
  ...sourceCommon,
  authBase: httpUrl.default('https://www.reddit.com'),
  apiBase: httpUrl.default('https://oauth.reddit.com'),
  /** A "script" or "web" app from reddit.com/prefs/apps; app-only OAuth. */
  clientId: z.string().min(1),
  clientSecret: secretText,
  /** Reddit requires a descriptive one: "<platform>:<app id>:<version> (by /u/<username>)". */
  userAgent: z.string().min(10, 'expected a descriptive User-Agent such as "server:campanile:0.1 (by /u/yourname)"'),
  /** Subreddits to search (without r/); empty searches all of Reddit. */
  subreddits: z.array(z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'expected a subreddit name without r/')).default([]),
  limit: z.number().int().min(1).max(100).default(100),
});
export type RedditSourceConfig = z.infer<typeof redditSourceSchema>;

export const platform = definePlatform({
  displayName: 'Reddit',
  source: redditSourceSchema,
  createConnector: createRedditConnector,
  accounts: undefined,
});
