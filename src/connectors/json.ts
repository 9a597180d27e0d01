import type { z } from 'zod';
import type { Cursor } from './types.js';

/**
 * Reads a connector's JSON cursor. An unreadable one (hand-edited, or written by an older
 * version) restarts the source from the query's `since`: posts are idempotent, so that costs a
 * re-fetch, never a lost post.
 */
export function readJsonCursor<S extends z.ZodType>(schema: S, cursor: Cursor | null): z.infer<S> | null {
  if (cursor === null) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(cursor));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const writeJsonCursor = (value: unknown): Cursor => JSON.stringify(value);

/** An error body that may not be JSON at all (an HTML error page, a proxy's text). */
export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Epoch seconds (as platforms send them in reset headers) → ISO time, or undefined. */
export function epochSecondsToIso(value: string | null): string | undefined {
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return new Date(Number(value) * 1000).toISOString();
}

/** Milliseconds until an ISO time, at least one second; undefined when there is no time. */
export function msUntil(iso: string | undefined, now: Date): number | undefined {
  if (iso === undefined) return undefined;
  const ms = Date.parse(iso) - now.getTime();
  return Number.isFinite(ms) ? Math.max(1000, ms) : undefined;
}
