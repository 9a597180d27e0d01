import cron from 'node-cron';
import { z } from 'zod';

/** A cron expression node-cron accepts (5 fields, or 6 with seconds). */
export const cronExpression = z.string().refine((value) => cron.validate(value), {
  message: 'expected a cron expression such as "*/5 * * * *"',
});

const DURATION = /^(\d+)\s*(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "15m", "1h", "2d" → milliseconds. */
export const duration = z
  .string()
  .regex(DURATION, 'expected a duration such as "15m", "1h" or "2d"')
  .transform((value) => {
    const [, amount, unit] = DURATION.exec(value) as unknown as [string, string, keyof typeof UNIT_MS];
    return Number(amount) * UNIT_MS[unit];
  });

const hashtag = z
  .string()
  .regex(/^#?[\p{L}\p{N}_]+$/u, 'expected a hashtag such as "#lamialiguria" (letters, digits, _)')
  .transform((value) => (value.startsWith('#') ? value : `#${value}`));

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

const isoDate = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/,
    'expected a date "2026-06-01" or a date-time "2026-06-01T09:00:00+02:00"',
  );

const timeZone = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as "Europe/Rome"' },
);

const sourceCommon = {
  /** Names the source in logs and its cursor; defaults to platform + endpoint. */
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i).optional(),
  schedule: cronExpression,
  /** Upper bound on pages walked per poll fire; the rest waits for the next fire. */
  maxPages: z.number().int().min(1).max(1000).default(20),
};

export const mastodonSourceSchema = z.strictObject({
  platform: z.literal('mastodon'),
  ...sourceCommon,
  instance: httpUrl,
  accessToken: z.string().min(1).optional(),
  limit: z.number().int().min(1).max(40).default(40),
  /** Only posts local to the instance. */
  local: z.boolean().default(false),
});

export const blueskySourceSchema = z.strictObject({
  platform: z.literal('bluesky'),
  ...sourceCommon,
  /** The PDS or entryway that proxies search to the AppView. */
  service: httpUrl.default('https://bsky.social'),
  /** Handle or DID of the account, and an app password (Settings → App passwords). */
  identifier: z.string().min(1),
  appPassword: z.string().min(1),
  limit: z.number().int().min(1).max(100).default(100),
});

export const xSourceSchema = z.strictObject({
  platform: z.literal('x'),
  ...sourceCommon,
  apiBase: httpUrl.default('https://api.x.com'),
  bearerToken: z.string().min(1),
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
  clientSecret: z.string().min(1),
  /** Reddit requires a descriptive one: "<platform>:<app id>:<version> (by /u/<username>)". */
  userAgent: z.string().min(10, 'expected a descriptive User-Agent such as "server:campanile:0.1 (by /u/yourname)"'),
  /** Subreddits to search (without r/); empty searches all of Reddit. */
  subreddits: z.array(z.string().regex(/^[A-Za-z0-9_]{2,21}$/, 'expected a subreddit name without r/')).default([]),
  limit: z.number().int().min(1).max(100).default(100),
});

const sourceSchemas = [mastodonSourceSchema, blueskySourceSchema, xSourceSchema, redditSourceSchema] as const;

export const sourceSchema = z.discriminatedUnion('platform', sourceSchemas, {
  error: (issue) =>
    issue.code === 'invalid_union'
      ? `unknown platform: expected one of ${sourceSchemas.map((s) => `"${s.shape.platform.value}"`).join(', ')}`
      : undefined,
});

export const localitySchema = z.strictObject({
  /** Stable identifier; an official code (ISTAT, INSEE) when there is one. */
  id: z.string().min(1).optional(),
  name: z.string().min(1),
  code: z.string().min(1).optional(),
  population: z.number().int().positive().optional(),
  aliases: z.array(z.string().min(1)).default([]),
  hashtags: z.array(hashtag).default([]),
  point: z
    .strictObject({
      lat: z.number().min(-90).max(90),
      lon: z.number().min(-180).max(180),
      radiusKm: z.number().positive().default(5),
    })
    .optional(),
});

export const localitiesSchema = z.strictObject({
  gazetteer: z.enum(['it', 'fr']).optional(),
  region: z.string().min(1).optional(),
  province: z.string().min(1).optional(),
  extra: z.array(localitySchema).default([]),
});

export const challengeSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/i).optional(),
    title: z.string().min(1).optional(),
    start: isoDate,
    end: isoDate,
    timezone: timeZone.default('Europe/Rome'),
    perCapita: z.boolean().default(false),
    capPerAuthorPerDay: z.number().int().positive().optional(),
    weights: z
      .strictObject({
        posts: z.number().min(0).default(1),
        authors: z.number().min(0).default(0),
        engagement: z.number().min(0).default(0),
        sentiment: z.number().min(0).default(0),
      })
      .default({ posts: 1, authors: 0, engagement: 0, sentiment: 0 }),
    excludeAccounts: z.array(z.string().min(1)).default([]),
    /** How often the leaderboard snapshot is written. */
    snapshotSchedule: cronExpression.default('*/5 * * * *'),
  })
  .refine((c) => c.start <= c.end, { message: 'start must not be after end', path: ['end'] });

export const alertsSchema = z.strictObject({
  slackWebhook: httpUrl,
  minPosts: z.number().int().min(1).default(10),
  minLift: z.number().min(1).default(3),
  cooldown: duration.prefault('1h'),
});

export const campaignSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lowercase id: letters, digits, - and _'),
  name: z.string().min(1).optional(),
  hashtags: z.array(hashtag).min(1, 'a campaign needs at least one hashtag'),
  sources: z.array(sourceSchema).min(1, 'a campaign needs at least one source'),
  localities: localitiesSchema.default({ extra: [] }),
  challenge: challengeSchema.optional(),
  alerts: alertsSchema.optional(),
});

export const campaignFileSchema = z
  .strictObject({ campaigns: z.array(campaignSchema).min(1, 'the file lists no campaign') })
  .superRefine((file, ctx) => {
    const seen = new Map<string, number>();
    file.campaigns.forEach((campaign, index) => {
      const first = seen.get(campaign.id);
      if (first !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['campaigns', index, 'id'],
          message: `duplicate campaign id "${campaign.id}" (first at campaigns.${first})`,
        });
      } else seen.set(campaign.id, index);
    });
  });

export type CampaignFile = z.infer<typeof campaignFileSchema>;
export type Campaign = z.infer<typeof campaignSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type MastodonSourceConfig = z.infer<typeof mastodonSourceSchema>;
export type BlueskySourceConfig = z.infer<typeof blueskySourceSchema>;
export type XSourceConfig = z.infer<typeof xSourceSchema>;
export type RedditSourceConfig = z.infer<typeof redditSourceSchema>;
export type LocalityConfig = z.infer<typeof localitySchema>;
export type ChallengeConfig = z.infer<typeof challengeSchema>;
export type AlertsConfig = z.infer<typeof alertsSchema>;
