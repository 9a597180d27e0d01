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
  /** A source that brings no new post for this long is logged as silent at every poll. */
  warnAfterSilence: duration.prefault('24h'),
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

const secret = z.string().min(1);
const metaGraph = {
  /** A token, or `${ENV}`; appSecret adds appsecret_proof (required by some apps' settings). */
  accessToken: secret,
  appSecret: secret.optional(),
  graphUrl: httpUrl.default('https://graph.facebook.com'),
  apiVersion: z.string().regex(/^v\d+\.\d+$/, 'expected a Graph API version such as "v21.0"').default('v21.0'),
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

export const youtubeSourceSchema = z.strictObject({
  platform: z.literal('youtube'),
  ...sourceCommon,
  maxPages: z.number().int().min(1).max(50).default(2),
  apiKey: secret,
  apiUrl: httpUrl.default('https://www.googleapis.com/youtube/v3'),
  regionCode: z.string().regex(/^[A-Z]{2}$/).optional(),
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

export const sourceSchema = z.discriminatedUnion(
  'platform',
  [mastodonSourceSchema, instagramSourceSchema, youtubeSourceSchema, facebookSourceSchema, tiktokSourceSchema],
  {
    error: (issue) =>
      issue.code === 'invalid_union'
        ? 'unknown platform: expected one of "mastodon", "instagram", "youtube", "facebook", "tiktok"'
        : undefined,
  },
);

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
export type InstagramSourceConfig = z.infer<typeof instagramSourceSchema>;
export type YoutubeSourceConfig = z.infer<typeof youtubeSourceSchema>;
export type FacebookSourceConfig = z.infer<typeof facebookSourceSchema>;
export type TiktokSourceConfig = z.infer<typeof tiktokSourceSchema>;
export type LocalityConfig = z.infer<typeof localitySchema>;
export type ChallengeConfig = z.infer<typeof challengeSchema>;
export type AlertsConfig = z.infer<typeof alertsSchema>;
