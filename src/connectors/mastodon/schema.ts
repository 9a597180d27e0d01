import { z } from 'zod';
import { followerCount, platformTime } from '../fields.js';

export const mastodonAccountSchema = z.object({
  id: z.string(),
  username: z.string(),
  acct: z.string(),
  display_name: z.string().nullish(),
  url: z.string().nullish(),
  uri: z.string().nullish(),
  created_at: z.string().nullish(),
  followers_count: followerCount.nullish(),
  following_count: z.number().int().nullish(),
  statuses_count: z.number().int().nullish(),
  bot: z.boolean().nullish(),
});

const statusCore = {
  id: z.string().min(1),
  uri: z.string().min(1),
  url: z.string().nullish(),
  created_at: platformTime,
  language: z.string().nullish(),
  content: z.string(),
  spoiler_text: z.string().nullish(),
  visibility: z.string().nullish(),
  replies_count: z.number().int().nonnegative().default(0),
  reblogs_count: z.number().int().nonnegative().default(0),
  favourites_count: z.number().int().nonnegative().default(0),
  quotes_count: z.number().int().nonnegative().nullish(),
  account: mastodonAccountSchema,
  tags: z.array(z.object({ name: z.string() })).default([]),
};

export const mastodonStatusSchema = z.object({
  ...statusCore,
  reblog: z.object(statusCore).nullish(),
});
export type MastodonStatus = z.infer<typeof mastodonStatusSchema>;

/** The page is an array; items are validated one by one so a bad one does not sink the page. */
export const mastodonTimelineSchema = z.array(z.unknown());

export const mastodonErrorSchema = z.object({ error: z.string(), error_description: z.string().optional() });
