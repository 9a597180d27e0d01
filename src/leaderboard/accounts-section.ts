import { z } from 'zod';
import { ACCOUNT_COMPONENTS, ACCOUNT_PLATFORMS, type AccountComponent } from '../config/accounts.js';

/**
 * The snapshot's optional `accounts` section: the "attrattiva digitale" ranking of the
 * campaign's towns by their official accounts (src/accounts/ranking.ts). Optional, so every
 * v2 snapshot without it stays valid. Every figure is null when it is missing (platform not
 * configured, private or unknown account, refused credentials), never 0.
 */

const nullableCount = z.number().nullable();
const componentRecord = <T extends z.ZodType>(value: T) =>
  z.object(Object.fromEntries(ACCOUNT_COMPONENTS.map((c) => [c, value])) as Record<AccountComponent, T>);

const accountFigures = z.object({
  platform: z.enum(ACCOUNT_PLATFORMS),
  handle: z.string().describe('untrusted: render as text'),
  day: z.string().nullable().describe('the day the figures were read (YYYY-MM-DD); null when none in the window'),
  followers: nullableCount,
  following: nullableCount,
  posts: nullableCount,
  engagementPerPost: nullableCount.describe('mean interactions over the recent posts read'),
  followerGrowth: nullableCount.describe('followers gained over the window (first to last reading)'),
  missing: z
    .string()
    .nullable()
    .describe(
      'why figures are missing, or why the latest read failed: not_found, private, suspended, unauthorized, forbidden, unavailable, not_configured, not_recorded',
    ),
});

export const accountsSectionSchema = z.object({
  window: z.object({ from: z.string(), to: z.string(), days: z.number().int().positive(), timezone: z.string() }),
  rules: z.object({ weights: componentRecord(z.number()), populationFloor: z.number().int().min(0) }),
  formula: z.string(),
  platforms: z.array(z.enum(ACCOUNT_PLATFORMS)).describe('the platforms the towns have accounts on'),
  ranking: z.array(
    z.object({
      rank: z.number().int().positive().nullable().describe('null: no figure to score the town on'),
      locality: z.object({ id: z.string(), name: z.string(), code: z.string().nullable(), population: z.number().int().nullable() }),
      score: z.number().nullable(),
      coverage: z.number().min(0).max(1).describe('share of the total weight the score rests on (missing components are left out)'),
      figures: z.object({
        followers: nullableCount,
        followersPerThousand: nullableCount,
        growth: z.object({ absolute: nullableCount, relative: nullableCount.describe('0.25 = +25 %'), days: z.number().int().nullable() }),
        postsPerWeek: nullableCount,
        engagementRate: nullableCount.describe('interactions per post per 100 followers'),
      }),
      normalized: componentRecord(z.number().min(0).max(1).nullable()),
      accounts: z.array(accountFigures),
      series: z.array(z.object({ day: z.string(), followers: z.number() })).describe('total followers per day over the accounts read that day'),
    }),
  ),
});

export type AccountsSection = z.infer<typeof accountsSectionSchema>;

export const ACCOUNTS_FORMULA =
  'score = 100 × Σ weights[c] × normalized[c] / Σ weights[c] over the components the town has (missing ones are left out, not counted as 0); ' +
  'normalized[c] = value / best value among towns; components: growth (relative follower growth over the window, below 0 counts as 0), ' +
  'followersPerCapita (followers per 1,000 inhabitants, population floored at rules.populationFloor), engagementRate (interactions per post per 100 followers), ' +
  'postsPerWeek, followers. Equal scores share a rank; a town with no component has no rank.';
