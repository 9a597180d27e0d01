import type { z } from 'zod';
import type { NormalizeResult } from './types.js';

/** A platform item that failed its schema: quarantined with what it was and where it broke. */
export function invalidItem(what: string, error: z.ZodError): NormalizeResult {
  const first = error.issues[0];
  return { kind: 'invalid', reason: `${what}: ${first?.path.join('.') || '(root)'}: ${first?.message}` };
}
