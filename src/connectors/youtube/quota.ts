import { localDay, nextLocalMidnight } from '../../domain/time.js';

/** YouTube's quota day runs from midnight to midnight Pacific time. */
const PACIFIC = 'America/Los_Angeles';

/** "2026-06-10": the quota day `at` falls in. */
export function pacificDay(at: Date): string {
  return localDay(at, PACIFIC);
}

/** The instant the quota resets: the next midnight in Pacific time (DST-aware). */
export function nextPacificMidnight(at: Date): Date {
  return nextLocalMidnight(at, PACIFIC);
}
