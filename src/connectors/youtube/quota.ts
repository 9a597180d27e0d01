/** YouTube's quota day runs from midnight to midnight Pacific time. */
const PACIFIC = 'America/Los_Angeles';

const parts = new Intl.DateTimeFormat('en-US', {
  timeZone: PACIFIC,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** The Pacific wall-clock time of `at`, read as if it were UTC. */
function wallAsUtc(at: Date): number {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
}

/** "2026-06-10": the quota day `at` falls in. */
export function pacificDay(at: Date): string {
  return new Date(wallAsUtc(at)).toISOString().slice(0, 10);
}

/** The instant the quota resets: the next midnight in Pacific time (DST-aware). */
export function nextPacificMidnight(at: Date): Date {
  const wall = new Date(wallAsUtc(at));
  const nextWall = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate() + 1);
  let guess = nextWall - (wallAsUtc(at) - at.getTime());
  guess = nextWall - (wallAsUtc(new Date(guess)) - guess);
  return new Date(guess);
}
