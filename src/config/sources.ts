import { z } from 'zod';
import { cronExpression, duration, httpUrl, secretText } from './fields.js';

/** Fields every source has, whatever its platform. */
const sourceCommon = {
  /** Names the source in logs and its cursor; defaults to platform + endpoint. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/i)
    .optional(),
  schedule: cronExpression,
  /** Upper bound on pages walked per poll fire; the rest waits for the next fire. */
  maxPages: z.number().int().min(1).max(1000).default(20),
  /** A source that brings no new post for this long is logged as silent at every poll. */
  warnAfterSilence: duration.prefault('24h'),
};

export const mastodonSourceSchema = z.strictObject({
  platform: z.literal('mastodon'),
  ...sourceCommon,
  instance: httpUrl,
  accessToken: secretText.optional(),
  limit: z.number().int().min(1).max(40).default(40),
  /** Only posts local to the instance. */
  local: z.boolean().default(false),
});

const secret = secretText;
const metaGraph = {
  /** A token, or `${ENV}`; appSecret adds appsecret_proof (required by some apps' settings). */
  accessToken: secret,
  appSecret: secret.optional(),
  graphUrl: httpUrl.default('https://graph.facebook.com'),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, 'expected a Graph API version such as "v21.0"')
    .default('v21.0'),
};

export const instagramSourceSchema = z.strictObject({
  platform: z.literal('instagram'),
  ...sourceCommon,
  ...metaGraph,
  /** The Instagram professional account id (not the Facebook page id) the searches run as. */
  userId: z.string().regex(/^\d+$/, 'expected the numeric Instagram user id'),
  limit: z.number().int().min(1).max(50).default(50),
  /** Distinct hashtags the account may search per rolling 7 days (Meta: 30). */
  hashtagBudget: z.number().int().min(1).max(30).default(30),
});

export const blueskySourceSchema = z.strictObject({
  platform: z.literal('bluesky'),
  ...sourceCommon,
  /** The PDS or entryway that proxies search to the AppView. */
  service: httpUrl.default('https://bsky.social'),
  /** Handle or DID of the account, and an app password (Settings → App passwords). */
  identifier: z.string().min(1),
  appPassword: secret,
  limit: z.number().int().min(1).max(100).default(100),
});

export const xSourceSchema = z.strictObject({
  platform: z.literal('x'),
  ...sourceCommon,
  apiBase: httpUrl.default('https://api.x.com'),
  bearerToken: secret,
  limit: z.number().int().min(10).max(100).default(100),
  includeRetweets: z.boolean().default(false),
  /** The plan's monthly post-read cap; the worker stops reading before it is spent. */
  monthlyPostCap: z.number().int().positive().optional(),
  /** Day of the month the cap resets (the billing day). */
  capResetDay: z.number().int().min(1).max(28).default(1),
});

export const redditSourceSchema = z.strictObject({
  platform: z.literal('reddit'),
  ...sourceCommon,
  authBase: httpUrl.default('https://www.reddit.com'),
  apiBase: httpUrl.default('https://oauth.reddit.com'),
  /** A "script" or "web" app from reddit.com/prefs/apps; app-only OAuth. */
  clientId: z.string().min(1),
  clientSecret: secret,
  /** Reddit requires a descriptive one: "<platform>:<app id>:<version> (by /u/<username>)". */
  userAgent: z.string().min(10, 'expected a descriptive User-Agent such as "server:campanile:0.1 (by /u/yourname)"'),
  /** Subreddits to search (without r/); empty searches all of Reddit. */
  subreddits: z.array(z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'expected a subreddit name without r/')).default([]),
  limit: z.number().int().min(1).max(100).default(100),
});

export const youtubeSourceSchema = z.strictObject({
  platform: z.literal('youtube'),
  ...sourceCommon,
  maxPages: z.number().int().min(1).max(50).default(2),
  apiKey: secret,
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

export const facebookSourceSchema = z.strictObject({
  platform: z.literal('facebook'),
  ...sourceCommon,
  ...metaGraph,
  pageId: z.string().regex(/^[\w.-]+$/, 'expected a page id or username'),
  edge: z.enum(['posts', 'published_posts', 'feed']).default('posts'),
  limit: z.number().int().min(1).max(100).default(25),
});

export const tiktokSourceSchema = z.strictObject({
  platform: z.literal('tiktok'),
  ...sourceCommon,
  maxPages: z.number().int().min(1).max(200).default(10),
  clientKey: secret,
  clientSecret: secret,
  apiUrl: httpUrl.default('https://open.tiktokapis.com'),
  regionCodes: z.array(z.string().regex(/^[A-Z]{2}$/)).optional(),
  maxCount: z.number().int().min(1).max(100).default(100),
  /** Research API requests per UTC day (TikTok: 1,000). */
  dailyRequests: z.number().int().min(1).default(1_000),
  /** Days re-searched every poll: Research data shows up with a delay. */
  lagDays: z.number().int().min(0).max(29).default(3),
});

const sourceSchemas = [
  mastodonSourceSchema,
  blueskySourceSchema,
  xSourceSchema,
  redditSourceSchema,
  instagramSourceSchema,
  youtubeSourceSchema,
  facebookSourceSchema,
  tiktokSourceSchema,
] as const;

export const sourceSchema = z.discriminatedUnion('platform', sourceSchemas, {
  error: (issue) =>
    issue.code === 'invalid_union' ? `unknown platform: expected one of ${sourceSchemas.map((s) => `"${s.shape.platform.value}"`).join(', ')}` : undefined,
});

export type SourceConfig = z.infer<typeof sourceSchema>;
export type MastodonSourceConfig = z.infer<typeof mastodonSourceSchema>;
export type BlueskySourceConfig = z.infer<typeof blueskySourceSchema>;
export type XSourceConfig = z.infer<typeof xSourceSchema>;
export type RedditSourceConfig = z.infer<typeof redditSourceSchema>;
export type InstagramSourceConfig = z.infer<typeof instagramSourceSchema>;
export type YoutubeSourceConfig = z.infer<typeof youtubeSourceSchema>;
export type FacebookSourceConfig = z.infer<typeof facebookSourceSchema>;
export type TiktokSourceConfig = z.infer<typeof tiktokSourceSchema>;
