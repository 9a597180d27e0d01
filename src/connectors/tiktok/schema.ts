import { z } from 'zod';

export const TIKTOK_FIELDS = 'id,video_description,create_time,region_code,share_count,view_count,like_count,comment_count,hashtag_names,username';

/** Ids arrive as exact strings (see lossless-json.ts), or as numbers when short enough. */
const idString = z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)]).transform(String);
const count = z.number().int().nonnegative().nullish();

export const tiktokErrorSchema = z.object({ code: z.string(), message: z.string().optional(), log_id: z.string().optional() });

export const tiktokQueryResponseSchema = z.object({
  data: z
    .object({
      videos: z.array(z.unknown()).default([]),
      cursor: z
        .union([z.number(), z.string().regex(/^\d+$/)])
        .transform(Number)
        .optional(),
      search_id: z.union([z.string(), z.number()]).transform(String).optional(),
      has_more: z.boolean().default(false),
    })
    .optional(),
  error: tiktokErrorSchema.optional(),
});

/** Documented as `id`; the docs' own example says `video_id`: accept both. */
export const tiktokVideoSchema = z
  .object({
    id: idString.optional(),
    video_id: idString.optional(),
    create_time: z.number().int().positive(),
    username: z.string().min(1).nullish(),
    video_description: z.string().nullish(),
    region_code: z.string().nullish(),
    like_count: count,
    comment_count: count,
    share_count: count,
    view_count: count,
    hashtag_names: z.array(z.string()).nullish(),
  })
  .refine((v) => v.id !== undefined || v.video_id !== undefined, { message: 'a video needs an id', path: ['id'] });
export type TiktokVideo = z.infer<typeof tiktokVideoSchema>;

export const tiktokTokenSchema = z.object({ access_token: z.string().min(1), expires_in: z.number().positive(), token_type: z.string().optional() });
export const tiktokOauthErrorSchema = z.object({ error: z.string(), error_description: z.string().optional(), log_id: z.string().optional() });
