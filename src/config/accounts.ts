import { z } from 'zod';
import { cronExpression, httpUrl, secretText, timeZone } from './fields.js';

/**
 * Official accounts: each town's own pages, per platform, and the campaign's `accounts` block
 * (when to record them, with which credentials, how the "attrattiva digitale" ranking weighs
 * them). Handles are validated per platform so that a typo fails at load, not at 6 a.m.
 */

export const ACCOUNT_PLATFORMS = ['mastodon', 'bluesky', 'x', 'instagram', 'youtube', 'facebook', 'tiktok'] as const;
export type AccountPlatform = (typeof ACCOUNT_PLATFORMS)[number];

const stripAt = (value: string) => value.replace(/^@/, '');

/** Per-locality handles: `accounts: { mastodon: "@comunegenova@mastodon.uno", x: "comunegenova" }`. */
export const officialAccountsSchema = z.strictObject({
  mastodon: z
    .string()
    .regex(/^@?[A-Za-z0-9_]+@[A-Za-z0-9.-]+(:\d+)?$/, 'expected a full Mastodon handle such as "@comunegenova@mastodon.uno"')
    .transform(stripAt)
    .optional(),
  bluesky: z
    .string()
    .regex(/^@?(did:[a-z]+:[A-Za-z0-9._:%-]+|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$/, 'expected a Bluesky handle such as "comune.genova.it" or a DID')
    .transform(stripAt)
    .optional(),
  x: z
    .string()
    .regex(/^@?[A-Za-z0-9_]{1,15}$/, 'expected an X username such as "comunegenova" (letters, digits, _; at most 15)')
    .transform(stripAt)
    .optional(),
  instagram: z
    .string()
    .regex(/^@?[A-Za-z0-9._]{1,30}$/, 'expected an Instagram username such as "comunedigenova"')
    .transform(stripAt)
    .optional(),
  youtube: z
    .string()
    .regex(/^(UC[A-Za-z0-9_-]{22}|@[A-Za-z0-9._-]{3,30})$/, 'expected a YouTube channel id ("UC" + 22 characters) or a handle such as "@comunedigenova"')
    .optional(),
  facebook: z
    .string()
    .regex(/^[A-Za-z0-9.]+$/, 'expected a Facebook Page id such as "123456789" or its username')
    .optional(),
  tiktok: z
    .string()
    .regex(/^@?[A-Za-z0-9_.]{2,24}$/, 'expected a TikTok username such as "comunegenova"')
    .transform(stripAt)
    .optional(),
});
export type OfficialAccounts = z.infer<typeof officialAccountsSchema>;

const secret = secretText;
const sourceRef = z.string().min(1).describe("the id of one of the campaign's sources of this platform, whose credentials are used");
const graph = {
  accessToken: secret,
  appSecret: secret.optional(),
  graphUrl: httpUrl.default('https://graph.facebook.com'),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, 'expected a Graph API version such as "v21.0"')
    .default('v21.0'),
};

/** Each platform: a source id (its credentials are reused) or credentials of its own. */
export const accountCredentialsSchema = z.strictObject({
  /** Unset: each account is looked up on its own instance, without a token. */
  mastodon: z.union([sourceRef, z.strictObject({ instance: httpUrl, accessToken: secret.optional() })]).optional(),
  /** Unset: the public AppView (https://public.api.bsky.app), without a login. */
  bluesky: z.union([sourceRef, z.strictObject({ service: httpUrl })]).optional(),
  x: z.union([sourceRef, z.strictObject({ bearerToken: secret, apiBase: httpUrl.default('https://api.x.com') })]).optional(),
  instagram: z.union([sourceRef, z.strictObject({ ...graph, userId: z.string().regex(/^\d+$/, 'expected the numeric Instagram user id') })]).optional(),
  youtube: z.union([sourceRef, z.strictObject({ apiKey: secret, apiUrl: httpUrl.default('https://www.googleapis.com/youtube/v3') })]).optional(),
  facebook: z.union([sourceRef, z.strictObject(graph)]).optional(),
  tiktok: z.union([sourceRef, z.strictObject({ clientKey: secret, clientSecret: secret, apiUrl: httpUrl.default('https://open.tiktokapis.com') })]).optional(),
});

export const ACCOUNT_COMPONENTS = ['growth', 'followersPerCapita', 'engagementRate', 'postsPerWeek', 'followers'] as const;
export type AccountComponent = (typeof ACCOUNT_COMPONENTS)[number];

export const accountsBlockSchema = z.strictObject({
  /** When the profiles are recorded; one row per account and day, so more often only refreshes the day's row. */
  schedule: cronExpression.default('0 6 * * *'),
  /** The time zone of the schedule and of the recorded day. */
  timezone: timeZone.default('Europe/Rome'),
  credentials: accountCredentialsSchema.default({}),
  /** Days over which growth and posts per week are measured. */
  windowDays: z.number().int().min(1).max(365).default(30),
  /** Recent posts read per account for engagement per post (where the platform lists them cheaply). */
  recentPosts: z.number().int().min(1).max(50).default(20),
  /** Followers per 1,000 inhabitants divide by max(population, populationFloor), as in the challenge. */
  populationFloor: z.number().int().min(0).default(5000),
  weights: z
    .strictObject({
      growth: z.number().min(0).default(1),
      followersPerCapita: z.number().min(0).default(1),
      engagementRate: z.number().min(0).default(1),
      postsPerWeek: z.number().min(0).default(0.5),
      followers: z.number().min(0).default(0),
    })
    .prefault({})
    .refine((w) => ACCOUNT_COMPONENTS.some((c) => w[c] > 0), { message: 'at least one weight must be above 0' }),
});
export type AccountsConfig = z.infer<typeof accountsBlockSchema>;

/** Which platforms cannot be read without credentials. */
export const NEEDS_CREDENTIALS: Record<AccountPlatform, string | null> = {
  mastodon: null,
  bluesky: null,
  x: 'a source id, or { bearerToken }',
  instagram: 'a source id, or { accessToken, userId } of an Instagram professional account',
  youtube: 'a source id, or { apiKey }',
  facebook: 'a source id, or { accessToken }',
  tiktok: 'a source id, or { clientKey, clientSecret } of a Research API app',
};
