import { z } from 'zod';
import { readJsonCursor } from '../json.js';
import type { Cursor } from '../types.js';

/**
 * Instagram's hashtag budget: an account may query 30 distinct hashtags per rolling 7 days; a
 * hashtag counts from its query for 7 days, and re-querying it inside that window is free.
 * The cursor remembers each tag's global hashtag id (static, so it is resolved once) and when
 * this source last queried it; Meta's `recently_searched_hashtags` adds what other tools or
 * sources on the same account spent.
 */
export const HASHTAG_WINDOW_MS = 7 * 86_400_000;

const igCursorSchema = z.object({
  v: z.literal(1),
  tags: z.record(z.string(), z.object({ id: z.string().nullable(), usedAt: z.iso.datetime() })),
});
export type IgCursor = z.infer<typeof igCursorSchema>;

export function readIgCursor(cursor: Cursor | null): IgCursor {
  return readJsonCursor(igCursorSchema, cursor) ?? { v: 1, tags: {} };
}

const inWindow = (usedAt: string, now: Date) => Date.parse(usedAt) > now.getTime() - HASHTAG_WINDOW_MS;

/** Tags this source queried in the last 7 days. */
export function tagsInWindow(state: IgCursor, now: Date): string[] {
  return Object.entries(state.tags)
    .filter(([, t]) => inWindow(t.usedAt, now))
    .map(([name]) => name);
}

export interface HashtagBudget {
  used: number;
  limit: number;
  /** When the oldest tag this source spent leaves the window (a slot frees). */
  resetAt?: string;
}

export function hashtagBudget(state: IgCursor, accountTags: readonly string[], limit: number, now: Date): HashtagBudget {
  const ours = tagsInWindow(state, now);
  const used = new Set([...accountTags, ...ours]).size;
  const oldest = ours.map((name) => Date.parse(state.tags[name]?.usedAt ?? '')).sort((a, b) => a - b)[0];
  return { used, limit, resetAt: oldest === undefined ? undefined : new Date(oldest + HASHTAG_WINDOW_MS).toISOString() };
}

/** Whether querying `tag` now would take a new slot, and whether one is free. */
export function canQuery(state: IgCursor, tag: string, accountTags: readonly string[] | null, limit: number, now: Date): boolean {
  const entry = state.tags[tag];
  if (entry && inWindow(entry.usedAt, now)) return true;
  if (accountTags?.includes(tag)) return true;
  return hashtagBudget(state, accountTags ?? [], limit, now).used < limit;
}
