import { z } from 'zod';

/**
 * Schema fields shared by the connectors, bounded to what the database stores: a value outside
 * them is a broken or hostile item, quarantined with its reason instead of failing the page.
 */

/** posts.author_followers is a 32-bit integer. */
export const followerCount = z.number().int().nonnegative().max(2_147_483_647);

// No social post predates the Unix epoch; year 0000 (Postgres has none) and five-digit years are junk.
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31);

/** A platform date that the database can store and a challenge window can hold. */
export function isStorableDate(date: Date): boolean {
  const ms = date.getTime();
  return ms >= EARLIEST && ms <= LATEST;
}

/** An ISO 8601 date-time with its zone, within the storable range. */
export const platformTime = z.iso
  .datetime({ offset: true })
  .refine((value) => isStorableDate(new Date(value)), { message: 'expected a date between 1970 and 9999' });
