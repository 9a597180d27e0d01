/** Time-zone arithmetic with Intl only: calendar days and midnights in a named zone. */

/** Offset in ms of `timeZone` from UTC at `at`. */
function zoneOffsetMs(at: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** A calendar date or a date-time in `timeZone` → the instant; a bare date means local midnight. */
export function zonedInstant(value: string, timeZone: string, endOfDay = false): Date {
  if (value.includes('T') && /(Z|[+-]\d{2}:\d{2})$/.test(value)) return new Date(value);
  const [datePart, timePart = '00:00:00'] = value.split('T') as [string, string?];
  const [y, m, d] = datePart.split('-').map(Number) as [number, number, number];
  const [hh = 0, mm = 0, ss = 0] = timePart.split(':').map(Number);
  const naiveUtc = Date.UTC(y, m - 1, d + (endOfDay && !value.includes('T') ? 1 : 0), hh, mm, ss);
  // Two passes settle the offset across a DST change.
  let guess = naiveUtc - zoneOffsetMs(new Date(naiveUtc), timeZone);
  guess = naiveUtc - zoneOffsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
const daysByQuarterHour = new Map<string, string>();
const QUARTER_HOUR = 900_000;

/**
 * "2026-06-10": the calendar day `at` falls in, in `timeZone`. Every zone's offset since the 1980s is a multiple of 15 minutes,
 * so the day is the same across a quarter hour: it is memoised per (zone, quarter hour), since
 * building an Intl.DateTimeFormat costs ~50 µs and this runs several times per ingested post.
 */
export function localDay(at: Date, timeZone: string): string {
  const key = `${timeZone}\u0001${Math.floor(at.getTime() / QUARTER_HOUR)}`;
  let day = daysByQuarterHour.get(key);
  if (day === undefined) {
    let format = dayFormats.get(timeZone);
    if (!format) {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
      dayFormats.set(timeZone, format);
    }
    day = format.format(at);
    if (daysByQuarterHour.size >= 20_000) daysByQuarterHour.clear();
    daysByQuarterHour.set(key, day);
  }
  return day;
}

/** The next midnight after `at` in `timeZone` (DST-aware). */
export function nextLocalMidnight(at: Date, timeZone: string): Date {
  return zonedInstant(localDay(at, timeZone), timeZone, true);
}
