import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { z } from 'zod';

const require = createRequire(import.meta.url);

/**
 * Reads a JSON file shipped inside an installed package and validates it at the boundary.
 * Read, not `require`d: require keeps every parsed file in its cache for the life of the process,
 * a second copy of data that callers turn into their own maps (megabytes for a lexicon).
 */
export function readPackageJson<T>(specifier: string, schema: z.ZodType<T>): T {
  return schema.parse(JSON.parse(readPackageText(specifier)));
}

/** A text file shipped inside an installed package. */
export function readPackageText(specifier: string): string {
  return readFileSync(require.resolve(specifier), 'utf8');
}
