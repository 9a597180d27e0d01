import { z } from 'zod';
import { platformTime } from '../fields.js';

/** app.bsky.actor.defs#profileViewBasic: no follower count in search results. */
const profileBasicSchema = z.object({
  did: z.string().min(1),
  handle: z.string().min(1),
  displayName: z.string().nullish(),
  createdAt: z.string().nullish(),
});

const facetSchema = z.object({
  features: z.array(z.looseObject({ $type: z.string().optional(), tag: z.string().optional() })).default([]),
});

/** Records are open schema (unknown fields survive); validate only what we read. */
const postRecordSchema = z.looseObject({
  text: z.string().default(''),
  createdAt: z.string().nullish(),
  langs: z.array(z.string()).nullish(),
  tags: z.array(z.string()).nullish(),
  facets: z.array(facetSchema).nullish(),
});

/** app.bsky.feed.defs#postView, the item of searchPosts. */
export const postViewSchema = z.object({
  uri: z.string().regex(/^at:\/\/[^/]+\/[^/]+\/[^/]+$/, 'expected at://did/collection/rkey'),
  cid: z.string().min(1),
  author: profileBasicSchema,
  record: postRecordSchema,
  replyCount: z.number().int().nonnegative().default(0),
  repostCount: z.number().int().nonnegative().default(0),
  likeCount: z.number().int().nonnegative().default(0),
  quoteCount: z.number().int().nonnegative().default(0),
  indexedAt: platformTime,
});
export type PostView = z.infer<typeof postViewSchema>;

/** The page: posts are validated one by one so a bad one does not sink the page. */
export const searchPostsSchema = z.object({
  cursor: z.string().nullish(),
  hitsTotal: z.number().nullish(),
  posts: z.array(z.unknown()),
});

export const sessionSchema = z.object({
  did: z.string().min(1),
  handle: z.string().min(1),
  accessJwt: z.string().min(1),
  refreshJwt: z.string().min(1),
});
export type BlueskySession = z.infer<typeof sessionSchema>;

export const xrpcErrorSchema = z.object({ error: z.string(), message: z.string().optional() });

/** Per hashtag: the committed high-water sortAt, and a walk back to it in progress. */
const tagStateSchema = z.object({
  mark: z.string().nullable(),
  /** Newest sortAt seen by the walk in progress: the next mark once the walk ends. */
  top: z.string().optional(),
  /** Where the walk resumes (the `until` bound, exclusive). */
  until: z.string().optional(),
});
export const blueskyCursorSchema = z.object({ v: z.literal(1), tags: z.record(z.string(), tagStateSchema) });
export type BlueskyCursor = z.infer<typeof blueskyCursorSchema>;
export type BlueskyTagState = z.infer<typeof tagStateSchema>;
