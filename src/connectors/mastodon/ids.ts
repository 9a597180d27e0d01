/** Mastodon ids are numeric strings beyond 2^53: compare by length, then lexically. */
export function compareIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxId(ids: readonly string[]): string | null {
  let best: string | null = null;
  for (const id of ids) if (/^\d+$/.test(id) && (best === null || compareIds(id, best) > 0)) best = id;
  return best;
}

/** Vanilla Mastodon ids are `ms_timestamp << 16 | sequence`: the smallest id at a given time. */
export function idAt(date: Date): string {
  return (BigInt(date.getTime()) << 16n).toString();
}
