import type { Campaign, LocalityConfig, OfficialAccounts } from '../../config/campaigns.js';
import { normalizeHashtag } from '../hashtags.js';
import { foldText } from '../text.js';
import { didYouMean } from '../../config/did-you-mean.js';
import { gazetteerEntries, gazetteerLexicon, type GazetteerEntry, type GazetteerId } from './gazetteer.js';
import { keyVariants, nameKey, nameVariants, wordTokens } from './names.js';
import { OTHER_NAMES } from './other-names.js';

export interface Locality {
  /** The official code (ISTAT, INSEE) for gazetteer towns; else the configured id/code or a slug. */
  id: string;
  name: string;
  code: string | null;
  population: number | null;
  province: string | null;
  region: string | null;
  /** Folded names and aliases as token sequences joined by one space ("sestri levante"). */
  names: string[];
  /** The subset of `names` that are also ordinary words: a text mention needs more than the bare word. */
  commonNames: string[];
  /** The gazetteer the town comes from (its language), null for a town of the config only. */
  gazetteer: GazetteerId | null;
  /** Folded hashtags without '#': configured ones plus each name written solid ("#sestrilevante"). */
  hashtags: string[];
  point: { lat: number; lon: number; radiusKm: number } | null;
  /** The town's official accounts per platform (later `extra` entries win per platform). */
  accounts: OfficialAccounts;
}

export class LocalitySelectionError extends Error {
  override name = 'LocalitySelectionError';
}

export function slugify(name: string): string {
  return wordTokens(foldText(name)).join('-');
}

export { gazetteerEntries };

/** The gazetteer towns a campaign selects: by region, province and/or an explicit list. */
export function selectEntries(config: Campaign['localities'], all: readonly GazetteerEntry[]): GazetteerEntry[] {
  const is = (value: string, ...candidates: (string | null)[]) => candidates.some((c) => c !== null && foldText(c) === foldText(value));
  let selected = all.filter(
    (e) =>
      (!config.region || is(config.region, e.region, e.regionCode)) && (!config.province || is(config.province, e.province, e.provinceCode, e.provinceAbbr)),
  );
  if (selected.length === 0 && (config.region || config.province)) {
    throw new LocalitySelectionError(`gazetteer ${config.gazetteer}: no town in region "${config.region ?? '*'}", province "${config.province ?? '*'}"`);
  }
  if (config.include) {
    const wanted = new Set(config.include.map(nameKey));
    selected = selected.filter((e) => wanted.has(e.code) || wanted.has(nameKey(e.name)));
  }
  return selected;
}

/** What is wrong with a campaign's gazetteer selection, or null: used by config validation. */
export function selectionProblem(config: Pick<Campaign['localities'], 'gazetteer' | 'region' | 'province' | 'include'>): string | null {
  if (!config.gazetteer) return null;
  try {
    const selected = selectEntries({ ...config, extra: [] }, gazetteerEntries(config.gazetteer));
    if (config.include && selected.length < config.include.length) {
      const found = new Set(selected.flatMap((e) => [e.code, nameKey(e.name)]));
      const missing = config.include.filter((n) => !found.has(nameKey(n)));
      const pool = selectEntries({ ...config, include: undefined, extra: [] }, gazetteerEntries(config.gazetteer)).map((e) => e.name);
      return `gazetteer ${config.gazetteer}: not found in the selection: ${missing.map((n) => `${n}${didYouMean(n, pool)}`).join(', ')}`;
    }
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function fromEntry(e: GazetteerEntry, gazetteer: GazetteerId | null): Locality {
  return {
    id: e.code,
    name: e.name,
    code: e.code,
    population: e.population,
    province: e.province,
    region: e.region,
    names: [],
    commonNames: [],
    gazetteer,
    hashtags: [],
    point: null,
    accounts: {},
  };
}

function fromConfig(c: LocalityConfig): Locality {
  return {
    id: c.id ?? c.code ?? slugify(c.name),
    name: c.name,
    code: c.code ?? null,
    population: c.population ?? null,
    province: null,
    region: null,
    names: [],
    commonNames: [],
    gazetteer: null,
    hashtags: [],
    point: c.point ?? null,
    accounts: {},
  };
}

/**
 * The campaign's scoring units: the gazetteer's selection, with each `extra` entry merged into
 * the gazetteer town of the same code or name (adding aliases, hashtags, a point, a population)
 * or added as a town of its own. Loaded once per campaign object.
 */
export function buildLocalities(config: Campaign['localities']): Locality[] {
  const all = config.gazetteer ? gazetteerEntries(config.gazetteer) : [];
  const selected = config.gazetteer ? selectEntries(config, all) : [];
  const byCode = config.extra.length > 0 ? new Map(all.map((e) => [e.code, e])) : new Map<string, GazetteerEntry>();
  const extras = config.extra.length > 0;
  const selectedByName = extras ? groupBy(selected, (e) => e.key) : new Map<string, GazetteerEntry[]>();
  const allByName = extras ? groupBy(all, (e) => e.key) : new Map<string, GazetteerEntry[]>();

  const towns = new Map<string, { locality: Locality; configs: LocalityConfig[]; key?: string }>();
  // Without extras (a whole country, a region) every town is the gazetteer's: no map by code to merge into.
  if (extras) for (const e of selected) towns.set(e.code, { locality: fromEntry(e, config.gazetteer ?? null), configs: [], key: e.key });
  for (const extra of config.extra) {
    const code = extra.code ?? extra.id;
    const sameName = selectedByName.get(nameKey(extra.name)) ?? allByName.get(nameKey(extra.name));
    const entry = (code ? byCode.get(code) : undefined) ?? (sameName?.length === 1 ? sameName[0] : undefined);
    const key = entry?.code ?? fromConfig(extra).id;
    const town = towns.get(key) ?? { locality: entry ? fromEntry(entry, config.gazetteer ?? null) : fromConfig(extra), configs: [] };
    town.configs.push(extra);
    towns.set(key, town);
  }

  // Names outside the gazetteer (a campaign's aliases) are ordinary words only when the config says so.
  const common = config.gazetteer ? gazetteerLexicon(config.gazetteer).commonNames : new Set<string>();
  const others = config.gazetteer ? OTHER_NAMES[config.gazetteer] : {};
  // A club's acronym ("OM", "PSG") is read from a hashtag only: in text, "OM" or "psg" is too often something else.
  const othersOf = (l: Locality) => (l.gazetteer && l.code ? (others[l.code] ?? []) : []);
  const otherNames = (l: Locality) =>
    othersOf(l)
      .filter((n) => !isAcronym(n))
      .map(nameKey);
  const otherTags = (l: Locality) => othersOf(l).filter(isAcronym).map(nameKey);
  const fromGazetteer = (locality: Locality, key: string): Locality => {
    const other = locality.code !== null && others[locality.code] !== undefined;
    const names = other ? [...keyVariants(key), ...otherNames(locality)] : keyVariants(key);
    locality.names = names;
    const tags = names.map((n) => (n.includes(' ') ? n.replaceAll(' ', '') : n));
    locality.hashtags = other ? [...tags, ...otherTags(locality)] : tags;
    locality.commonNames = names.filter((n) => common.has(n) || n.length <= 2);
    return locality;
  };
  if (!extras) return selected.map((e) => fromGazetteer(fromEntry(e, config.gazetteer ?? null), e.key));
  const localities = [...towns.values()].map(({ locality, configs, key }) => {
    if (configs.length === 0) return fromGazetteer(locality, key ?? nameKey(locality.name));
    const override = configs.find((c) => c.commonWord !== undefined)?.commonWord;
    const names = new Set([...nameVariants(locality.name), ...otherNames(locality)]);
    for (const c of configs) for (const n of [c.name, ...c.aliases]) for (const v of nameVariants(n)) names.add(v);
    names.delete('');
    const hashtags = new Set([...[...names].map((n) => n.replace(/ /g, '')), ...otherTags(locality)]);
    for (const c of configs) for (const tag of c.hashtags) hashtags.add(normalizeHashtag(tag));
    const population = configs.find((c) => c.population)?.population ?? locality.population;
    const point = configs.find((c) => c.point)?.point ?? locality.point;
    const accounts: OfficialAccounts = Object.assign({}, ...configs.map((c) => c.accounts ?? {}));
    const commonNames = [...names].filter((n) => (n.includes(' ') ? undefined : override) ?? (common.has(n) || n.length <= 2));
    return { ...locality, population, point, names: [...names], commonNames, hashtags: [...hashtags], accounts };
  });
  return localities;
}

const isAcronym = (name: string) => /^\p{Lu}+$/u.test(name);

const cache = new WeakMap<object, Locality[]>();

export function campaignLocalities(campaign: Campaign): Locality[] {
  let localities = cache.get(campaign.localities);
  if (!localities) {
    localities = buildLocalities(campaign.localities);
    cache.set(campaign.localities, localities);
  }
  return localities;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
