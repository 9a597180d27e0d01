import type { z } from 'zod';

/** Parses a JSON cursor this connector wrote; anything unreadable counts as no cursor. */
export function readJsonCursor<S extends z.ZodType>(schema: S, raw: string | null): z.infer<S> | null {
  if (raw === null) return null;
  return schema.safeParse(safeJson(raw)).data ?? null;
}

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
