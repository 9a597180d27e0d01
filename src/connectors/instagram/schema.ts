import { z } from 'zod';
import { graphTime } from '../meta/graph.js';

/** Hashtag media carry no owner: Meta does not return `username` for hashtag search results. */
export const IG_MEDIA_FIELDS = 'id,caption,media_type,permalink,timestamp,like_count,comments_count';

/** `ig_hashtag_search` and `recently_searched_hashtags`: `{data: [{id, name?}]}`. */
export const igHashtagListSchema = z.object({
  data: z.array(z.object({ id: z.string().regex(/^\d+$/), name: z.string().optional() })),
});

/** Every field is optional on Meta's side; the ones we need are required here (→ quarantine). */
export const igMediaSchema = z.object({
  id: z.string().regex(/^\d+$/),
  timestamp: graphTime,
  caption: z.string().nullish(),
  media_type: z.string().nullish(),
  permalink: z.string().nullish(),
  /** Omitted when the owner hides likes. */
  like_count: z.number().int().nonnegative().nullish(),
  comments_count: z.number().int().nonnegative().nullish(),
  username: z.string().nullish(),
});
export type IgMedia = z.infer<typeof igMediaSchema>;
