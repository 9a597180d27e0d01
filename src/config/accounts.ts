import { z } from 'zod';
import { ACCOUNT_PLATFORM_LIST, type AccountPlatform } from '../connectors/registry.js';
import { cronExpression, timeZone } from './fields.js';

/**
 * Official accounts: each town's own pages, per platform, and the campaign's `accounts` block
 * (when to record them, with which credentials, how the "attrattiva digitale" ranking weighs
 * them). Handles are validated per platform so that a typo fails at load, not at 6 a.m.
 */

export { ACCOUNT_PLATFORMS, type AccountPlatform } from '../connectors/registry.js';

type AccountPlatformList = typeof ACCOUNT_PLATFORM_LIST;
type Handles = { [P in AccountPlatformList[number] as P['name']]: z.ZodOptional<P['accounts']['handle']> };
type Credentials = {
  [P in AccountPlatformList[number] as P['name']]: z.ZodOptional<z.ZodUnion<[typeof sourceRef, P['accounts']['credentials']]>>;
};

/** Per-locality handles: `accounts: { mastodon: "@comunegenova@mastodon.uno", x: "comunegenova" }`, each platform's pattern. */
export const officialAccountsSchema = z.strictObject(Object.fromEntries(ACCOUNT_PLATFORM_LIST.map((p) => [p.name, p.accounts.handle.optional()])) as Handles);
export type OfficialAccounts = z.infer<typeof officialAccountsSchema>;

const sourceRef = z.string().min(1).describe("the id of one of the campaign's sources of this platform, whose credentials are used");

/** Each platform: a source id (its credentials are reused) or credentials of its own. */
export const accountCredentialsSchema = z.strictObject(
  Object.fromEntries(ACCOUNT_PLATFORM_LIST.map((p) => [p.name, z.union([sourceRef, p.accounts.credentials]).optional()])) as Credentials,
);

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

/** Which platforms cannot be read without credentials, and what to write for them. */
export const NEEDS_CREDENTIALS = Object.fromEntries(ACCOUNT_PLATFORM_LIST.map((p) => [p.name, p.accounts.needsCredentials])) as Record<
  AccountPlatform,
  string | null
>;
