import { z } from 'zod';
import { readPackageJson } from '../package-data.js';
import type { GazetteerEntry } from './gazetteer.js';

const PKG = '@etalab/decoupage-administratif/data';

/** @etalab/decoupage-administratif communes.json; only `commune-actuelle` rows are current communes. */
const communeSchema = z.object({
  code: z.string().min(4),
  nom: z.string().min(1),
  type: z.string(),
  region: z.string().optional(),
  departement: z.string().optional(),
  population: z.number().int().nonnegative().optional(),
});
const namedSchema = z.array(z.object({ code: z.string(), nom: z.string() }));

let cached: GazetteerEntry[] | undefined;

/**
 * The current French communes (about 35,000), read once per process. Delegated and associated
 * communes and the municipal arrondissements of Paris, Lyon and Marseille are left out: they are
 * not scoring units.
 */
export function frenchCommunes(): GazetteerEntry[] {
  if (cached) return cached;
  const regions = new Map(readPackageJson(`${PKG}/regions.json`, namedSchema).map((r) => [r.code, r.nom]));
  const departements = new Map(readPackageJson(`${PKG}/departements.json`, namedSchema).map((d) => [d.code, d.nom]));
  cached = readPackageJson(`${PKG}/communes.json`, z.array(communeSchema))
    .filter((c) => c.type === 'commune-actuelle')
    .map((c) => ({
      code: c.code,
      name: c.nom,
      region: regions.get(c.region ?? '') ?? '',
      regionCode: c.region ?? '',
      province: departements.get(c.departement ?? '') ?? '',
      provinceCode: c.departement ?? '',
      provinceAbbr: null,
      population: c.population || null,
    }));
  return cached;
}
