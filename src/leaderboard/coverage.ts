import type { Snapshot } from './snapshot.js';

export interface SourceStateLike {
  sourceKey: string;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  consecutiveFailures: number;
}

/**
 * Pure: which of the campaign's sources were healthy, from their cursor rows. A source is healthy
 * when it has succeeded at least once and its last poll did not fail; a source never polled is not.
 */
export function coverageOf(sources: readonly { key: string; platform: string }[], states: readonly SourceStateLike[]): Omit<Snapshot['coverage'], 'posts'> {
  const byKey = new Map(states.map((s) => [s.sourceKey, s]));
  const rows = sources.map(({ key, platform }) => {
    const s = byKey.get(key);
    return {
      key,
      platform,
      healthy: Boolean(s?.lastSuccessAt) && (s?.consecutiveFailures ?? 0) === 0,
      lastSuccessAt: s?.lastSuccessAt?.toISOString() ?? null,
      lastErrorAt: s?.lastErrorAt?.toISOString() ?? null,
      consecutiveFailures: s?.consecutiveFailures ?? 0,
    };
  });
  return { complete: rows.every((r) => r.healthy), sources: rows };
}
