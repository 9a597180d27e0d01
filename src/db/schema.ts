import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  real,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * One row per platform item, unique by (platform, external_id, created_at); engagement is the
 * latest seen. Partitioned by month of created_at (migration 0001, db/partitions.ts): the
 * partition key must be part of the key, and a post's creation time never changes.
 */
export const posts = pgTable(
  'posts',
  {
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    url: text('url'),
    authorId: text('author_id').notNull(),
    authorHandle: text('author_handle').notNull(),
    authorName: text('author_name'),
    authorLocation: text('author_location'),
    authorFollowers: integer('author_followers'),
    text: text('text').notNull(),
    lang: text('lang'),
    createdAt: tz('created_at').notNull(),
    firstSeenAt: tz('first_seen_at').notNull().defaultNow(),
    lastSeenAt: tz('last_seen_at').notNull().defaultNow(),
    likes: bigint('likes', { mode: 'number' }).notNull().default(0),
    reposts: bigint('reposts', { mode: 'number' }).notNull().default(0),
    replies: bigint('replies', { mode: 'number' }).notNull().default(0),
    quotes: bigint('quotes', { mode: 'number' }).notNull().default(0),
    views: bigint('views', { mode: 'number' }),
    hashtags: text('hashtags').array().notNull().default(sql`'{}'::text[]`),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    placeName: text('place_name'),
    sourceKey: text('source_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.externalId, t.createdAt] }), index('posts_created_at_idx').on(t.createdAt)],
);

/** A post's membership in a campaign, with what the analysis decided about it. */
export const postMatches = pgTable(
  'post_matches',
  {
    campaignId: text('campaign_id').notNull(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    authorKey: text('author_key').notNull(),
    createdAt: tz('created_at').notNull(),
    hour: tz('hour').notNull(),
    /** '' when the post could not be attributed to a locality. */
    localityId: text('locality_id').notNull(),
    method: text('method').notNull(),
    confidence: real('confidence').notNull(),
    hashtags: text('hashtags').array().notNull(),
    sentiment: real('sentiment').notNull(),
    sentimentLabel: text('sentiment_label').notNull(),
    sentimentLang: text('sentiment_lang').notNull(),
    sentimentConfidence: real('sentiment_confidence').notNull(),
    /** Engagement already added to the rollups for this match; re-seen posts add the difference. */
    engagement: bigint('engagement', { mode: 'number' }).notNull(),
    /** Whether the challenge's fairness rules let this post count in the scores (decided at ingest). */
    counted: boolean('counted').notNull().default(true),
    uncountedReason: text('uncounted_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.platform, t.externalId] }),
    index('post_matches_campaign_locality_hour_idx').on(t.campaignId, t.localityId, t.hour),
    // Only the matches below a challenge's minConfidence: the snapshot counts them per window.
    index('post_matches_low_confidence_idx').on(t.campaignId, t.hour).where(sql`uncounted_reason = 'low_confidence'`),
  ],
);

/** Hourly running totals per (campaign, locality); the only table standings read. */
export const rollups = pgTable(
  'rollups',
  {
    campaignId: text('campaign_id').notNull(),
    localityId: text('locality_id').notNull(),
    hour: tz('hour').notNull(),
    posts: integer('posts').notNull().default(0),
    engagement: bigint('engagement', { mode: 'number' }).notNull().default(0),
    sentimentSum: doublePrecision('sentiment_sum').notNull().default(0),
    positive: integer('positive').notNull().default(0),
    negative: integer('negative').notNull().default(0),
    /** The same measures over counted posts only (after exclusions, duplicates and the daily cap): what scores read. */
    countedPosts: integer('counted_posts').notNull().default(0),
    countedEngagement: bigint('counted_engagement', { mode: 'number' }).notNull().default(0),
    countedSentimentSum: doublePrecision('counted_sentiment_sum').notNull().default(0),
    countedPositive: integer('counted_positive').notNull().default(0),
    countedNegative: integer('counted_negative').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.localityId, t.hour] })],
);

/** Hourly post counts per (campaign, hashtag), for hashtag-level trends and spikes. */
export const hashtagRollups = pgTable(
  'hashtag_rollups',
  {
    campaignId: text('campaign_id').notNull(),
    hashtag: text('hashtag').notNull(),
    hour: tz('hour').notNull(),
    posts: integer('posts').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.hashtag, t.hour] })],
);

/**
 * One row per author, locality and day (in UTC) with their post count: distinct authors over
 * any window without scanning posts, and the basis for per-author daily caps.
 */
export const authorDays = pgTable(
  'author_days',
  {
    campaignId: text('campaign_id').notNull(),
    localityId: text('locality_id').notNull(),
    authorKey: text('author_key').notNull(),
    /** Day in the challenge's time zone (UTC without a challenge). */
    day: text('day').notNull(),
    posts: integer('posts').notNull().default(0),
    counted: integer('counted').notNull().default(0),
  },
  (t) => [
    // Day first: the daily cap reads an author's day across towns (db/counting.ts) and a window's
    // back-fill reads its days (db/window-authors.ts), both by this key; an ingest writes where
    // the current days are. One index, not a second one keyed by author (migration 0012).
    primaryKey({ columns: [t.campaignId, t.day, t.authorKey, t.localityId] }),
  ],
);

/** Near-duplicate keys of the texts already counted in a campaign: a text counts once. */
export const countedTexts = pgTable(
  'counted_texts',
  {
    campaignId: text('campaign_id').notNull(),
    textHash: text('text_hash').notNull(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.textHash] })],
);

/**
 * The most engaging counted posts per (campaign, locality, day), at most TOP_POSTS_PER_DAY each,
 * kept in the ingest transaction so a snapshot lists top posts without reading `posts`.
 */
export const topPosts = pgTable(
  'top_posts',
  {
    campaignId: text('campaign_id').notNull(),
    localityId: text('locality_id').notNull(),
    day: text('day').notNull(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    url: text('url'),
    engagement: bigint('engagement', { mode: 'number' }).notNull(),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.platform, t.externalId] }),
    index('top_posts_campaign_locality_day_idx').on(t.campaignId, t.localityId, t.day),
  ],
);

export const sourceCursors = pgTable('source_cursors', {
  sourceKey: text('source_key').primaryKey(),
  cursor: text('cursor'),
  lastSuccessAt: tz('last_success_at'),
  lastErrorAt: tz('last_error_at'),
  lastError: text('last_error'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  pausedUntil: tz('paused_until'),
  /** Latest rate-limit / budget state the connector reported (remaining, limit, resetAt, ...). */
  budget: jsonb('budget'),
  postsTotal: integer('posts_total').notNull().default(0),
  /** When this source last brought a post never seen before: a long silence is worth a warning. */
  lastNewPostAt: tz('last_new_post_at'),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

/** Items that failed validation: kept with the reason so nothing is silently dropped. */
export const quarantine = pgTable(
  'quarantine',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    sourceKey: text('source_key').notNull(),
    platform: text('platform').notNull(),
    reason: text('reason').notNull(),
    payload: text('payload').notNull(),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [index('quarantine_source_idx').on(t.sourceKey, t.createdAt)],
);

export const snapshots = pgTable(
  'snapshots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    challengeId: text('challenge_id').notNull(),
    generatedAt: tz('generated_at').notNull(),
    etag: text('etag').notNull(),
    body: jsonb('body').notNull(),
  },
  (t) => [index('snapshots_challenge_idx').on(t.challengeId, t.generatedAt)],
);

/** Scheduled-job mutual exclusion across replicas: a row per job, held until `expiresAt`. */
export const leases = pgTable('leases', {
  name: text('name').primaryKey(),
  holder: text('holder').notNull(),
  expiresAt: tz('expires_at').notNull(),
  acquiredAt: tz('acquired_at').notNull().defaultNow(),
});

/** One row per claimed cron fire (job name + slot): a fire runs on exactly one replica. */
export const jobFires = pgTable('job_fires', {
  key: text('key').primaryKey(),
  holder: text('holder').notNull(),
  claimedAt: tz('claimed_at').notNull().defaultNow(),
  completedAt: tz('completed_at'),
  ok: boolean('ok'),
});

/**
 * Post counts per (campaign, series, bucket) at the campaign's alert bucket size (15 minutes by
 * default), bumped in the ingest transaction; `series` is `hashtag:<tag>` or `town:<locality id>`.
 */
export const alertBuckets = pgTable(
  'alert_buckets',
  {
    campaignId: text('campaign_id').notNull(),
    series: text('series').notNull(),
    bucketStart: tz('bucket_start').notNull(),
    posts: integer('posts').notNull().default(0),
    negative: integer('negative').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.series, t.bucketStart] })],
);

/** The streaming detector's state per series (JSON, src/alerts/detector.ts); series '*' holds the campaign's coverage. */
export const detectorState = pgTable(
  'detector_state',
  {
    campaignId: text('campaign_id').notNull(),
    series: text('series').notNull(),
    state: jsonb('state').notNull(),
    updatedAt: tz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.series] })],
);

/**
 * The alerts outbox: one row per (episode, stage, destination), written in the transaction that
 * detected it; the dispatcher sends it and records the outcome. The idempotency key makes a
 * second detection of the same episode stage a no-op.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    idempotencyKey: text('idempotency_key').notNull(),
    campaignId: text('campaign_id').notNull(),
    series: text('series').notNull(),
    kind: text('kind').notNull(),
    /** 'slack' or 'webhook'; the URL comes from the configuration at send time, never stored. */
    destination: text('destination').notNull(),
    bucketStart: tz('bucket_start').notNull(),
    payload: jsonb('payload').notNull(),
    /** pending → sending → sent | failed; a 'sending' row whose lock lapsed is pending again. */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: tz('next_attempt_at').notNull().defaultNow(),
    lockedUntil: tz('locked_until'),
    lastError: text('last_error'),
    createdAt: tz('created_at').notNull().defaultNow(),
    sentAt: tz('sent_at'),
  },
  (t) => [uniqueIndex('alerts_idempotency_key_idx').on(t.idempotencyKey), index('alerts_status_next_idx').on(t.status, t.nextAttemptAt)],
);

/** Sentiment labels set by a person (`campanile relabel`); the match and the rollups follow them. */
export const sentimentOverrides = pgTable(
  'sentiment_overrides',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: text('campaign_id').notNull(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    previousLabel: text('previous_label').notNull(),
    previousScore: real('previous_score').notNull(),
    label: text('label').notNull(),
    note: text('note'),
    createdAt: tz('created_at').notNull().defaultNow(),
  },
  (t) => [index('sentiment_overrides_post_idx').on(t.campaignId, t.platform, t.externalId)],
);

/**
 * Official accounts' public profiles, one row per (campaign, town, platform, handle, day): the
 * daily job upserts, so a re-run refreshes the day's row. A figure the platform did not give is
 * null, and a row with `missing_reason` records why there is no profile at all (never zeros).
 */
export const accountMetrics = pgTable(
  'account_metrics',
  {
    campaignId: text('campaign_id').notNull(),
    localityId: text('locality_id').notNull(),
    platform: text('platform').notNull(),
    handle: text('handle').notNull(),
    /** The recording day in the campaign's accounts time zone, YYYY-MM-DD. */
    day: text('day').notNull(),
    followers: bigint('followers', { mode: 'number' }),
    following: bigint('following', { mode: 'number' }),
    postsCount: bigint('posts_count', { mode: 'number' }),
    engagementPerPost: doublePrecision('engagement_per_post'),
    recentPosts: integer('recent_posts'),
    missingReason: text('missing_reason'),
    fetchedAt: tz('fetched_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.campaignId, t.localityId, t.platform, t.handle, t.day] }),
    index('account_metrics_campaign_day_idx').on(t.campaignId, t.day),
  ],
);

/**
 * Distinct authors over a challenge window without scanning author_days at each snapshot: the
 * window is registered once (and back-filled from author_days), then every ingest transaction
 * adds its newly seen (window, town, author) rows and bumps the town's count.
 */
export const challengeWindows = pgTable(
  'challenge_windows',
  {
    campaignId: text('campaign_id').notNull(),
    firstDay: text('first_day').notNull(),
    lastDay: text('last_day').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.firstDay, t.lastDay] })],
);

export const windowAuthors = pgTable(
  'window_authors',
  {
    campaignId: text('campaign_id').notNull(),
    firstDay: text('first_day').notNull(),
    lastDay: text('last_day').notNull(),
    localityId: text('locality_id').notNull(),
    authorKey: text('author_key').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.firstDay, t.lastDay, t.localityId, t.authorKey] })],
);

export const windowAuthorCounts = pgTable(
  'window_author_counts',
  {
    campaignId: text('campaign_id').notNull(),
    firstDay: text('first_day').notNull(),
    lastDay: text('last_day').notNull(),
    localityId: text('locality_id').notNull(),
    authors: integer('authors').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.firstDay, t.lastDay, t.localityId] })],
);

/**
 * Moderation an admin set at run time (POST /v1/admin/challenges/:id/moderation), over the YAML's
 * `challenge.moderation`: a post row hides (or, hidden = false, shows again) one post; the
 * campaign row overrides negativeTopPosts. Migration 0011.
 */
export const postModeration = pgTable(
  'post_moderation',
  {
    campaignId: text('campaign_id').notNull(),
    platform: text('platform').notNull(),
    externalId: text('external_id').notNull(),
    hidden: boolean('hidden').notNull(),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.platform, t.externalId] })],
);

export const campaignModeration = pgTable('campaign_moderation', {
  campaignId: text('campaign_id').primaryKey(),
  negativeTopPosts: boolean('negative_top_posts'),
  updatedAt: tz('updated_at').notNull(),
});
