import cron from 'node-cron';
import { z } from 'zod';
import { secret } from '../secrets.js';

/** A cron expression node-cron accepts (5 fields, or 6 with seconds). */
export const cronExpression = z.string().refine((value) => cron.validate(value), {
  message: 'expected a cron expression such as "*/5 * * * *"',
});

const DURATION = /^(\d+)\s*(ms|s|m|h|d)$/;
const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** "15m", "1h", "2d" → milliseconds. */
export const duration = z
  .string()
  .regex(DURATION, 'expected a duration such as "15m", "1h" or "2d"')
  .transform((value) => {
    const [, amount, unit] = DURATION.exec(value) as unknown as [string, string, keyof typeof UNIT_MS];
    return Number(amount) * UNIT_MS[unit];
  });

export const hashtag = z
  .string()
  .regex(/^#?[\p{L}\p{N}_]+$/u, 'expected a hashtag such as "#lamialiguria" (letters, digits, _)')
  .transform((value) => (value.startsWith('#') ? value : `#${value}`));

export const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/** A credential (token, app password, key): redacted wherever it could surface, literal or ${ENV}. */
export const secretText = secret(z.string().min(1));

/** A URL whose path or query is its credential (Slack and other webhooks): logged as its origin only. */
export const secretUrl = secret(z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }));

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/, 'expected a date "2026-06-01" or a date-time "2026-06-01T09:00:00+02:00"');

export const timeZone = z.string().refine(
  (value) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: value });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'expected an IANA time zone such as "Europe/Rome"' },
);
