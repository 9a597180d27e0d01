import { z } from 'zod';

const count = z.number().int();

/** A link (t3) as listings return it with raw_json=1; only what we read is checked. */
export const redditLinkSchema = z.object({
  id: z.string().min(1),
  name: z.string().regex(/^t3_[a-z0-9]+$/, 'expected a t3_ fullname'),
  author: z.string().min(1),
  author_fullname: z.string().nullish(),
  title: z.string(),
  selftext: z.string().nullish(),
  /** Float epoch seconds. */
  created_utc: z.number().positive(),
  score: count,
  num_comments: count.nonnegative(),
  num_crossposts: count.nonnegative().nullish(),
  view_count: count.nonnegative().nullish(),
  permalink: z.string().min(1),
  subreddit: z.string().nullish(),
  removed_by_category: z.string().nullish(),
});
export type RedditLink = z.infer<typeof redditLinkSchema>;

export const redditThingSchema = z.object({ kind: z.string(), data: z.unknown() });

/** The Listing: children validated one by one; `after` null on the last page. */
export const redditListingSchema = z.object({
  kind: z.literal('Listing'),
  data: z.object({
    after: z.string().nullish(),
    dist: z.number().nullish(),
    children: z.array(z.unknown()),
  }),
});

export const redditTokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string(),
  expires_in: z.number().positive(),
  scope: z.string().optional(),
});

/** `{message, error: 403}`, older `{error: 403}`, `{reason, message}`, or OAuth's `{error: "invalid_grant"}`. */
export const redditErrorSchema = z.object({
  message: z.string().optional(),
  error: z.union([z.number(), z.string()]).optional(),
  reason: z.string().optional(),
});

export const redditCursorSchema = z.object({
  v: z.literal(1),
  /** Committed mark: the newest created_utc (epoch seconds) of the last finished walk. */
  mark: z.number().nullable(),
  /** The walk in progress: its newest created_utc and the fullname it resumes `after`. */
  top: z.number().optional(),
  after: z
    .string()
    .regex(/^t3_[a-z0-9]+$/)
    .optional(),
});
export type RedditCursor = z.infer<typeof redditCursorSchema>;
