import { z } from 'zod';
import { followerCount, platformTime } from '../fields.js';

const count = z.number().int().nonnegative();
const snowflake = z.string().regex(/^\d{1,19}$/, 'expected a numeric id string');

export const xUserSchema = z.object({
  id: snowflake,
  username: z.string().min(1),
  name: z.string().nullish(),
  location: z.string().nullish(),
  created_at: z.string().nullish(),
  public_metrics: z.object({ followers_count: followerCount }).partial().nullish(),
});

export const xPlaceSchema = z.object({
  id: z.string().min(1),
  full_name: z.string().nullish(),
  name: z.string().nullish(),
  country_code: z.string().nullish(),
});

export const xTweetSchema = z.object({
  id: snowflake,
  text: z.string(),
  author_id: snowflake,
  created_at: platformTime,
  lang: z.string().nullish(),
  public_metrics: z.object({
    retweet_count: count,
    reply_count: count,
    like_count: count,
    quote_count: count.default(0),
    impression_count: count.nullish(),
  }),
  entities: z.object({ hashtags: z.array(z.object({ tag: z.string() })).nullish() }).nullish(),
  // GeoJSON: coordinates are [longitude, latitude].
  geo: z
    .object({
      place_id: z.string().nullish(),
      coordinates: z.object({ type: z.string(), coordinates: z.tuple([z.number(), z.number()]) }).nullish(),
    })
    .nullish(),
  referenced_tweets: z.array(z.object({ type: z.string(), id: z.string() })).nullish(),
});

/** One item as the connector yields it: the tweet with its expansions resolved. */
export const xItemSchema = z.object({
  tweet: xTweetSchema,
  author: xUserSchema.nullish(),
  place: xPlaceSchema.nullish(),
});
export type XItem = z.infer<typeof xItemSchema>;

/** The page: items are kept raw (validated one by one), expansions leniently. */
export const xSearchPageSchema = z.object({
  data: z.array(z.unknown()).default([]),
  includes: z
    .object({
      users: z.array(z.unknown()).default([]),
      places: z.array(z.unknown()).default([]),
    })
    .partial()
    .default({}),
  /** A 200 can carry errors[] next to good data (e.g. a suspended user in an expansion). */
  errors: z.array(z.looseObject({ title: z.string().optional(), detail: z.string().optional() })).default([]),
  meta: z
    .object({
      result_count: z.number().int().nonnegative().default(0),
      newest_id: z.string().optional(),
      oldest_id: z.string().optional(),
      next_token: z.string().optional(),
    })
    .default({ result_count: 0 }),
});
export type XSearchPage = z.infer<typeof xSearchPageSchema>;

/** Problem+json (`title`, `detail`, `type`), or the older `{errors:[{code, message}]}`. */
export const xErrorSchema = z.object({
  title: z.string().optional(),
  detail: z.string().optional(),
  type: z.string().optional(),
  errors: z.array(z.looseObject({ message: z.string().optional(), code: z.number().optional() })).optional(),
});

export const xCursorSchema = z.object({
  v: z.literal(1),
  /** The committed high-water mark: the newest id of the last finished walk (`since_id`). */
  mark: snowflake.nullable(),
  /** The walk in progress: its newest id (the next mark) and where it resumes (`until_id`). */
  top: snowflake.optional(),
  until: snowflake.optional(),
  /** Posts read in the current billing period, against the plan's monthly cap. */
  usage: z.object({ period: z.string(), used: z.number().int().nonnegative() }).optional(),
});
export type XCursor = z.infer<typeof xCursorSchema>;
