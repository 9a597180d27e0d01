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

export const sourceSchema = z.discriminatedUnion('platform', [mastodonSourceSchema], {
  error: (issue) =>
    issue.code === 'invalid_union' ? 'unknown platform: expected one of "mastodon"' : undefined,
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

/** A bucket must divide a day, so that "the same time yesterday" is a whole number of buckets. */
const bucketDuration = duration.refine((ms) => ms >= 60_000 && 86_400_000 % ms === 0, {
  message: 'expected a bucket of at least 1m that divides a day, such as "15m" or "1h"',
});

export const ALERT_KINDS = ['hashtagSpike', 'townSpike'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const alertsSchema = z
  .strictObject({
    /** Slack incoming webhook for every alert of the campaign. */
    slackWebhook: httpUrl.optional(),
    /** Per-kind Slack webhooks; each one overrides slackWebhook for its kind. */
    slackWebhooks: z.strictObject({ hashtagSpike: httpUrl.optional(), townSpike: httpUrl.optional() }).optional(),
    /** Generic sink: a JSON POST, signed with HMAC-SHA256 when a secret is set. */
    webhook: z.strictObject({ url: httpUrl, secret: z.string().min(16, 'use a secret of at least 16 characters').optional() }).optional(),
    /** Linked from every alert, e.g. the public leaderboard page. */
    leaderboardUrl: httpUrl.optional(),
    /** Which series are watched: the campaign's hashtags, its towns, or both. */
    series: z.array(z.enum(['hashtags', 'towns'])).min(1).default(['hashtags', 'towns']),
    bucket: bucketDuration.prefault('15m'),
    /** Minimum posts in a bucket for an alert. */
    minPosts: z.number().int().min(1).default(10),
    /** Minimum observed / expected for an alert. */
    minLift: z.number().min(1).default(3),
    /** Largest tail probability that counts as a spike. */
    maxPValue: z.number().gt(0).max(0.05).default(1e-4),
    /** Expected posts per bucket are never taken below this. */
    minExpected: z.number().positive().default(0.5),
    /** A follow-up alert only when the count reaches this factor × the last alerted count. */
    growthFactor: z.number().min(1.1).default(2),
    /** A flare within this time after an episode closed belongs to the same episode. */
    cooldown: duration.prefault('1h'),
    /** A source silent for longer than this left a gap: its buckets are missing, not zero. */
    gapAfter: duration.prefault('30m'),
  })
  .refine((a) => a.slackWebhook || a.webhook || (a.slackWebhooks?.hashtagSpike && a.slackWebhooks.townSpike), {
    message: 'alerts need somewhere to go: slackWebhook, webhook, or slackWebhooks for every kind',
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
export type LocalityConfig = z.infer<typeof localitySchema>;
export type ChallengeConfig = z.infer<typeof challengeSchema>;
export type AlertsConfig = z.infer<typeof alertsSchema>;
