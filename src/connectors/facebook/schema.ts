import { z } from 'zod';
import { graphTime } from '../meta/graph.js';

/** Counts come from summaries with limit(0): no reaction or comment rows, only totals. */
export const FB_POST_FIELDS = 'id,message,created_time,permalink_url,from,shares,place,reactions.summary(total_count).limit(0),comments.summary(true).limit(0)';

const summary = z.object({ summary: z.object({ total_count: z.number().int().nonnegative() }).optional() }).nullish();

export const fbPostSchema = z.object({
  /** `{pageid}_{postid}`. */
  id: z.string().regex(/^[\w.]+$/),
  created_time: graphTime,
  message: z.string().nullish(),
  permalink_url: z.string().nullish(),
  from: z.object({ id: z.string(), name: z.string().optional() }).nullish(),
  shares: z.object({ count: z.number().int().nonnegative() }).nullish(),
  reactions: summary,
  comments: summary,
  /** The per-type alias `reactions.type(LIKE)...as(like)` when a caller asks for it. */
  like: summary,
  place: z
    .object({
      name: z.string().optional(),
      location: z.object({ latitude: z.number().optional(), longitude: z.number().optional(), city: z.string().optional() }).optional(),
    })
    .nullish(),
});
export type FbPost = z.infer<typeof fbPostSchema>;
