import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { z } from 'zod';

/** One official municipality: a comune (ISTAT) or a commune (INSEE). */
export interface GazetteerEntry {
  /** ISTAT code ("010025") or INSEE code ("06088"); the locality id. */
  code: string;
  name: string;
  region: string;
  regionCode: string;
  /** Province (Italy) or département (France). */
  province: string;
  provinceCode: string;
  /** Province sigla ("GE"); null in France. */
  provinceAbbr: string | null;
  population: number | null;
}

export type GazetteerId = 'it' | 'fr';

const require = createRequire(import.meta.url);

/** Reads a JSON file shipped inside an installed package and validates it at the boundary. */
export function readPackageJson<T>(specifier: string, schema: z.ZodType<T>): T {
  const path = require.resolve(specifier);
  return schema.parse(JSON.parse(readFileSync(path, 'utf8')));
}
