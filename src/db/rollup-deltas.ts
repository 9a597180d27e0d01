import type { Match } from '../domain/types.js';

/**
 * The keys the write path groups by. The increments themselves are computed by the database from
 * the staged batch (db/ingest.ts, db/staging.ts).
 */

/** Identity of a match: (campaign, platform, external id). */
export const matchKey = (m: Pick<Match, 'campaignId' | 'platform' | 'externalId'>) => `${m.campaignId}\u0001${m.platform}\u0001${m.externalId}`;

/** The hourly rollup bucket of a post (UTC). */
export function hourOf(date: Date): string {
  return `${date.toISOString().slice(0, 13)}:00:00.000Z`;
}
