import type { Attribution, NormalizedPost } from '../../domain/types.js';
import { foldText } from '../text.js';
import { firstNameSet, gazetteerLexicon } from './gazetteer.js';
import type { Locality } from './localities.js';
import { nameKey } from './names.js';
import { isCapitalized, tokenize, type Token } from './tokens.js';

export interface LocalityMatcher {
  localities: readonly Locality[];
  attribute(post: NormalizedPost): Attribution;
}

/** How sure each method is; recorded with every attribution. */
export const CONFIDENCE = {
  geo: 0.95,
  place: 0.9,
  hashtag: 0.9,
  text: 0.75,
  /** A name that is also an ordinary word or a first name, accepted from its context. */
  textCommonWord: 0.6,
  /** One of several towns of that name, chosen by the area the post names. */
  homonymByArea: 0.6,
  /** One of several towns of that name, chosen because it is by far the most populous. */
  homonymByPopulation: 0.5,
  profile: 0.5,
} as const;

/**
 * A town this populous is the usual meaning of its name even when the name is also a word or a
 * first name ("Paris", "Tours", "Prato", "Latina"), once written with a capital.
 */
const BIG_TOWN = 50_000;
/**
 * A selection of at most this many towns (a province, a small region) takes a hashtag that is also
 * a word (#mele) at its word: the campaign is about those towns. A larger one needs a big town.
 */
const SMALL_SELECTION = 1000;
/** A province or département named like a town is the town when the town has this many people ("Rieti"), else the area ("Doubs"). */
const AREA_TOWN = 20_000;
/**
 * Over a whole country, a town smaller than this named bare ("Chirac", "Givet") is more often a
 * surname or a word than the town: it needs a place word before it ("à", "di", "d'"), a headline
 * position or a hashtag. A selection of a few hundred towns takes it at its word.
 */
const SMALL_TOWN = 10_000;
/** Over a whole country, a hashtag that is also a word or a first name (#vita, #Lens) names a town only from this size. */
const TAG_TOWN = 20_000;
/** Among homonyms, the most populous wins on its own only when it is this many times the next one. */
const HOMONYM_RATIO = 3;
/**
 * ...and only when it is a town people know by name: between two villages ("Cahuzac", 356 and 33
 * people) the larger is no likelier to be meant, and a surname or a word often is.
 */
const HOMONYM_TOWN = SMALL_TOWN;
/** A post naming this many different towns has no single focus (a list, a tour). */
const TOO_MANY_TOWNS = 3;

/** Words that put the next word in a place: "a Mele", "in Ne", "à Tours", "near Nice", "vicino a Bore". */
const LOCATIVE = new Set(['a', 'ad', 'in', 'da', 'verso', 'presso', 'per', 'au', 'aux', 'en', 'vers', 'depuis', 'at', 'to', 'near', 'from', 'visiting']);
const NEAR = new Set(['vicino', 'accanto', 'pres', 'proche', 'close', 'next']);
const LINKING = new Set(['a', 'de', 'di', 'to', 'du']);
/** A town's name after these is a street or a square somewhere else ("via Genova", "rue de Paris"). */
const STREET = new Set([
  'via',
  'viale',
  'corso',
  'piazza',
  'piazzale',
  'largo',
  'vicolo',
  'salita',
  'rue',
  'avenue',
  'boulevard',
  'bd',
  'place',
  'quai',
  'street',
  'road',
]);
const STREET_LINK = new Set(['di', 'de', 'del', 'della', 'du', 'des', 'd', 'of']);
/** A town's name after these (and a link word) names an area, an island or a lake: "provincia di Mantova", "l'île de Loos". */
const AREA_WORD = new Set(['provincia', 'isola', 'isole', 'lago', 'golfo', 'departement', 'ile', 'iles', 'lac', 'golfe', 'pays', 'province', 'island', 'lake']);
/** Leading articles people drop in a hashtag: #Aquila for L'Aquila, #Rochelle for La Rochelle. */
const ARTICLE = /^(l|la|le|les|lo|il|i|gli) (.+)$/;
/** A masculine saint after "la" ("la Saint-Jean", "la #StJean") is the saint's day. */
const FEAST = new Set(['saint', 'st']);
/** "Town, <day>": a news agency's dateline ("PARIS, 25 juin"), not the story's place. */
const DAY = /^\d{1,2}(er)?$/;
const YEAR = /^(19|20)\d\d$/;
/**
 * Seats of national power that stand for the power itself, never for a town (metonymy): a few
 * share their name with a commune ("Matignon").
 */
const SEATS_OF_POWER = ['matignon', 'hotel matignon', 'elysee', 'beauvau', 'solferino', 'quirinale', 'montecitorio', 'viminale', 'palazzo chigi'];

interface NameEntry {
  ids: string[];
  common: boolean;
  /** The name is a first name ("François", "Marino"). */
  person: boolean;
  /** The most populous town of the name is big (BIG_TOWN). */
  big: boolean;
  /** Population of the most populous town of the name. */
  population: number;
}

interface Mention {
  ids: string[];
  located: boolean;
  /** "Empoli: …", "Tradate - …": the town heads the post, as local news is headed. */
  headline: boolean;
  /** A small town named bare over a whole country: kept only when the post names its area. */
  bare: boolean;
  /** Accepted from context although an ordinary word or a first name. */
  weak: boolean;
}

type Pick = { id: string; confidence: number } | null;

/**
 * Compiled once per campaign: a Map from folded name (token sequence) to localities, so a post
 * costs one lookup per token and n-gram length, whatever the number of towns.
 *
 * Attribution, first method that applies: platform geo (coordinates within a town's radius, then
 * the platform's place name), a town hashtag, a mention in the text, the author's profile
 * location. A method that points at two different towns is ambiguous and gives way to the next.
 * Precision first, by families of errors seen on real posts:
 * - handles, e-mail addresses and web addresses are not text (tokens.ts);
 * - a name that is an ordinary word ("Ne", "Vita", "les Attaques") counts only with a capital right
 *   after a locative word ("a Ne"), unless the town is big ("Paris", "Prato" with a capital);
 * - a name that is a first name counts like an ordinary word, and never next to another name
 *   ("François Hollande", "Cyril Lignac");
 * - a longer area name covers the town inside it ("Friuli Venezia Giulia"), a seat of power is the
 *   power ("Matignon"), a street is not the town it is named after;
 * - homonyms are told apart by the province or region the post names, else by population, with
 *   a lower confidence.
 */
export function createLocalityMatcher(localities: readonly Locality[]): LocalityMatcher {
  const byId = new Map(localities.map((l) => [l.id, l]));
  const firstNames = firstNameSet();
  const byName = new Map<string, NameEntry>();
  /** `need`: the population a town of the tag must have to be read from it over a whole country. */
  const byHashtag = new Map<string, { ids: string[]; need: number }>();
  let maxWords = 1;
  const addTag = (tag: string, id: string, need: number) => {
    const entry = byHashtag.get(tag);
    if (!entry) byHashtag.set(tag, { ids: [id], need });
    else {
      if (!entry.ids.includes(id)) entry.ids.push(id);
      entry.need = Math.max(entry.need, need);
    }
  };
  for (const l of localities) {
    const population = l.population ?? 0;
    const spelled: string[] = [];
    for (const name of l.names) {
      const common = l.commonNames.length > 0 && l.commonNames.includes(name);
      const person = firstNames.has(name);
      const entry = byName.get(name);
      if (!entry) byName.set(name, { ids: [l.id], common, person, big: population >= BIG_TOWN, population });
      else {
        if (!entry.ids.includes(l.id)) entry.ids.push(l.id);
        entry.common ||= common;
        entry.person ||= person;
        entry.big ||= population >= BIG_TOWN;
        entry.population = Math.max(entry.population, population);
      }
      let words = 1;
      for (let k = name.indexOf(' '); k !== -1; k = name.indexOf(' ', k + 1)) words += 1;
      maxWords = Math.max(maxWords, words);
      const tag = words === 1 ? name : name.replaceAll(' ', '');
      spelled.push(tag);
      // "#vita", "#Dieudonne": a word or a first name; "#lagarde", "#leroux": article + word written solid reads as a surname.
      if (l.hashtags.includes(tag)) addTag(tag, l.id, common && words > 1 ? BIG_TOWN : common || person ? TAG_TOWN : 0);
      // Without the article, what is left is often a word ("aquila", eagle): taken like a word.
      const articleless = words > 1 ? ARTICLE.exec(name)?.[2] : undefined;
      if (articleless) addTag(articleless.replaceAll(' ', ''), l.id, BIG_TOWN);
    }
    for (const tag of l.hashtags) if (!spelled.includes(tag)) addTag(tag, l.id, 0);
  }

  // Areas above the town, and seats of power: matched like names, they cover the words they span.
  const seats = new Set(SEATS_OF_POWER);
  const areas = new Set(SEATS_OF_POWER);
  const englishWords = new Set<string>();
  for (const id of new Set(localities.map((l) => l.gazetteer))) {
    if (!id) continue;
    const lexicon = gazetteerLexicon(id);
    for (const a of lexicon.areaNames) areas.add(a);
    for (const w of lexicon.englishNames) englishWords.add(w);
  }
  for (const a of areas) maxWords = Math.max(maxWords, a.split(' ').length);
  // Every word-prefix of a name or an area: the scan grows a candidate from one word and stops at
  // the first prefix nothing starts with, instead of trying every length up to the longest name
  // of the country at each word (France has names of 9 words: that was most of attribution's time).
  const prefixes = new Set<string>();
  const addPrefixes = (key: string) => {
    for (let k = key.indexOf(' '); k !== -1; k = key.indexOf(' ', k + 1)) prefixes.add(key.slice(0, k));
    prefixes.add(key);
  };
  for (const key of byName.keys()) addPrefixes(key);
  for (const key of areas) addPrefixes(key);
  /** The word count of the longest name or area at position i (0: none); the same as trying every length, longest first. */
  const longestAt = (tokens: Token[], i: number): number => {
    let best = 0;
    let key = '';
    for (let n = 1; n <= maxWords && i + n <= tokens.length; n++) {
      key = n === 1 ? (tokens[i] as Token).folded : `${key} ${(tokens[i + n - 1] as Token).folded}`;
      if (!prefixes.has(key)) break;
      if (byName.has(key) || areas.has(key)) best = n;
    }
    return best;
  };
  const areaKeys = (l: Locality) => [l.province, l.region].filter((v): v is string => Boolean(v)).map(nameKey);

  const withPoints = localities.filter((l) => l.point);
  const national = localities.length > SMALL_SELECTION;

  /** Every town name in the tokens, longest first at each position, and the areas named. */
  const scan = (tokens: Token[], lang: string | null) => {
    const found: Mention[] = [];
    const areasNamed = new Set<string>();
    // Read only for a short all-capitals name ("US", "OMS"): most posts never need it.
    let shoutingMemo: boolean | undefined;
    const shouting = () => (shoutingMemo ??= isShouting(tokens));
    let lastEnd = -1;
    const scanMatch = (tokens: Token[], i: number, n: number) => {
      const slice = tokens.slice(i, i + n);
      const key = slice.map((t) => t.folded).join(' ');
      const entry = byName.get(key);
      const isArea = areas.has(key);
      if (isArea) areasNamed.add(key);
      if (slice.some((t) => t.tagged)) return;
      // A province named after its town ("Rieti") is the town; "Doubs", "la Réunion" are the areas.
      if (!entry || seats.has(key) || (isArea && entry.population < AREA_TOWN)) return;
      const mention = accept(tokens, i, n, entry, { lang, lastEnd, shouting, national });
      if (mention) {
        found.push(mention);
        lastEnd = i + n;
      }
    };
    for (let i = 0; i < tokens.length; ) {
      const matched = longestAt(tokens, i);
      if (matched > 0) scanMatch(tokens, i, matched);
      i += Math.max(matched, 1);
    }
    const areaTags = new Set<string>();
    const wordTags = new Set<string>();
    let lastWord = -1;
    tokens.forEach((t, k) => {
      if (!t.tagged) lastWord = k;
    });
    tokens.forEach((t, k) => {
      if (!t.tagged) return;
      if (areas.has(t.folded)) areasNamed.add(t.folded);
      const prev = tokens[k - 1];
      const prev2 = tokens[k - 2];
      if (prev && (AREA_WORD.has(prev.folded) || (prev2 && STREET_LINK.has(prev.folded) && AREA_WORD.has(prev2.folded)))) areaTags.add(t.folded);
      const saint = /^(saint|st)(.+)$/.exec(t.folded);
      if (prev?.folded === 'la' && saint && byName.has(`${saint[1]} ${saint[2]}`)) areaTags.add(t.folded);
      // A tag inside the sentence ("#Peillon part…", "sur l'#Oudon, les…") is read as a word of it; trailing tags label the post.
      const placed = prev && !prev.tagged && (LOCATIVE.has(prev.folded) || LINKING.has(prev.folded) || STREET_LINK.has(prev.folded));
      if (k < lastWord && !placed) wordTags.add(t.folded);
    });
    return { found, areasNamed, areaTags, wordTags };
  };

  const accept = (
    tokens: Token[],
    i: number,
    n: number,
    entry: NameEntry,
    ctx: { lang: string | null; lastEnd: number; shouting: () => boolean; national: boolean },
  ): Mention | null => {
    const first = tokens[i] as Token;
    const prev = tokens[i - 1];
    const prev2 = tokens[i - 2];
    const next = tokens[i + n];
    if (prev && (STREET.has(prev.folded) || (prev2 && STREET_LINK.has(prev.folded) && STREET.has(prev2.folded)))) return null;
    // "Lignano Sabbiadoro (Udine)": the province in brackets does not compete with the town.
    if (ctx.lastEnd === i && first.gap.includes('(')) return null;
    if (prev && (AREA_WORD.has(prev.folded) || (prev2 && STREET_LINK.has(prev.folded) && AREA_WORD.has(prev2.folded)))) return null;
    // "la Saint-Jean", "la Saint-Martin": a saint's feast day, not a town named after the saint.
    if (prev?.folded === 'la' && FEAST.has(first.folded)) return null;
    // Joined by a hyphen to a word outside the name: a route ("Tarbes-Dax"), a pair of people, an affair, a bigger area.
    if (first.gap === '-' || next?.gap === '-') return null;
    // "PARIS, 25 juin", "Paris, le 17" opening a sentence: a dateline; "Paris 2015": an event named after the town.
    const after = tokens[i + n + 1];
    if (first.sentenceStart && next && next.gap.trim() === ',' && (DAY.test(next.folded) || (next.folded === 'le' && after && DAY.test(after.folded))))
      return null;
    if (next && YEAR.test(next.folded) && next.gap === ' ') return null;
    // "OMS", "US", "SOS" inside ordinary text: an acronym.
    if (n === 1 && first.raw.length <= 3 && first.raw === first.raw.toUpperCase() && !ctx.shouting()) return null;
    const located = Boolean(prev && (LOCATIVE.has(prev.folded) || (LINKING.has(prev.folded) && prev2 && NEAR.has(prev2.folded))));
    const capital = isCapitalized(first.raw);
    // Capitals say something about a word only in mixed case: "AUCUN SENS" is shouting, "Sens" a name.
    const titled = capital && (first.raw.length === 1 || first.raw !== first.raw.toUpperCase());
    const headline = i === 0 && /^\s*[:\-–—|]\s/.test(next?.gap ?? '');
    const linked = Boolean(prev && (LINKING.has(prev.folded) || STREET_LINK.has(prev.folded)));
    // A capitalised first name just before ("Cyril Lignac") or, for a first-name town, a capitalised word just after ("François Hollande").
    const afterFirstName = prev && !prev.tagged && !first.sentenceStart && isCapitalized(prev.raw) && firstNames.has(prev.folded) && !byName.has(prev.folded);
    const beforeSurname =
      entry.person && next && !next.tagged && !next.sentenceStart && next.gap === ' ' && isCapitalized(next.raw) && !byName.has(next.folded);
    if (afterFirstName || beforeSurname) return null;
    // "Nice!" in a post in English is the word; "in Nice" is still the town.
    if (ctx.lang?.startsWith('en') && n === 1 && englishWords.has(first.folded) && !located) return null;
    const bare = ctx.national && n === 1 && entry.population < SMALL_TOWN && !located && !linked && !headline;
    const mention = { ids: entry.ids, located, headline, bare };
    // A small town's name in lower case is far more often a word of some language than the town.
    if (!entry.common && !entry.person) return capital || located || entry.big ? { ...mention, weak: false } : null;
    const languageAgrees = ctx.lang === null || entry.ids.some((id) => byId.get(id)?.gazetteer === ctx.lang?.slice(0, 2));
    if (entry.big && titled && !first.sentenceStart) return { ...mention, weak: false };
    if (entry.big && (!entry.common || located || (titled && languageAgrees))) return { ...mention, weak: true };
    if (located && titled && !first.sentenceStart) return { ...mention, weak: true };
    return null;
  };

  const inNamedArea = (ids: readonly string[], areasNamed: ReadonlySet<string>) =>
    ids.some((id) => {
      const l = byId.get(id);
      return l !== undefined && areaKeys(l).some((k) => areasNamed.has(k));
    });

  /** One town out of homonyms: the one in the area the post names, else by far the most populous. */
  const resolve = (ids: readonly string[], areasNamed: ReadonlySet<string>, confidence: number): Pick => {
    if (ids.length === 1) return { id: ids[0] as string, confidence };
    const inArea = ids.filter((id) => {
      const l = byId.get(id);
      return l !== undefined && areaKeys(l).some((k) => areasNamed.has(k));
    });
    if (inArea.length === 1) return { id: inArea[0] as string, confidence: Math.min(confidence, CONFIDENCE.homonymByArea) };
    const ranked = ids.map((id) => ({ id, population: byId.get(id)?.population ?? 0 })).sort((a, b) => b.population - a.population);
    const [top, second] = ranked;
    if (top && second && top.population >= HOMONYM_TOWN && top.population >= HOMONYM_RATIO * Math.max(second.population, 1)) {
      return { id: top.id, confidence: Math.min(confidence, CONFIDENCE.homonymByPopulation) };
    }
    return null;
  };

  /** One town mentioned, or several of which exactly one with a locative word ("da Genova a Camogli" is not). */
  const inText = (areasNamed: ReadonlySet<string>, found: Mention[]): Pick => {
    const all = found
      .filter((m) => !m.bare || inNamedArea(m.ids, areasNamed))
      .map((m) => ({ m, pick: resolve(m.ids, areasNamed, m.weak ? CONFIDENCE.textCommonWord : CONFIDENCE.text) }))
      .filter((p): p is { m: Mention; pick: NonNullable<Pick> } => p.pick !== null);
    if (new Set(all.map((p) => p.pick.id)).size >= TOO_MANY_TOWNS) return null;
    // A headline town is the post's place; weak evidence (a word or a first name read as a town) gives way to a plain mention.
    const headline = all.filter((p) => p.m.headline);
    const strong = all.filter((p) => !p.m.weak);
    const picks = headline.length > 0 ? headline : strong.length > 0 ? strong : all;
    const distinct = new Set(picks.map((p) => p.pick.id));
    if (distinct.size === 0) return null;
    const chosen = distinct.size === 1 ? picks : picks.filter((p) => p.m.located);
    if (new Set(chosen.map((p) => p.pick.id)).size !== 1) return null;
    return { id: chosen[0]!.pick.id, confidence: Math.max(...chosen.map((p) => p.pick.confidence)) };
  };

  const byTags = (hashtags: readonly string[], areasNamed: ReadonlySet<string>, wordTags: ReadonlySet<string>): Pick => {
    const picks: (NonNullable<Pick> & { ok: boolean })[] = [];
    for (const tag of hashtags) {
      const entry = byHashtag.get(tag);
      if (!entry) continue;
      // "#ora", "#vita", "#Dieudonne": over a whole country, a word or a first name as a tag is a town only when the town is not small.
      const ids = entry.need > 0 && national ? entry.ids.filter((id) => (byId.get(id)?.population ?? 0) >= entry.need) : entry.ids;
      const pick = ids.length > 0 ? resolve(ids, areasNamed, CONFIDENCE.hashtag) : null;
      if (!pick) continue;
      // Like a bare name in text, a small town's tag used as a word of the sentence over a whole country
      // needs a place word before it ("d'#Arnas") or its area named; it still makes the post ambiguous.
      const small = (byId.get(pick.id)?.population ?? 0) < SMALL_TOWN;
      picks.push({ ...pick, ok: !(national && small && wordTags.has(tag) && !inNamedArea([pick.id], areasNamed)) });
    }
    const distinct = new Set(picks.map((p) => p.id));
    const kept = picks.filter((p) => p.ok);
    return distinct.size === 1 && kept.length > 0 ? { id: kept[0]!.id, confidence: Math.max(...kept.map((p) => p.confidence)) } : null;
  };

  const inPlace = (place: string): string | null => {
    for (const part of place.split(',')) {
      const entry = byName.get(nameKey(part));
      if (entry?.ids.length === 1) return entry.ids[0] as string;
    }
    return null;
  };

  /** A profile's location field is a place by nature, so a common-word name may open it ("Ne (GE)"). */
  const inProfile = (location: string): string | null => {
    const tokens = tokenize(location);
    for (let n = Math.min(maxWords, tokens.length); n >= 1; n--) {
      const entry = byName.get(
        tokens
          .slice(0, n)
          .map((t) => t.folded)
          .join(' '),
      );
      if (entry?.ids.length === 1) return entry.ids[0] as string;
    }
    const { found } = scan(tokens, null);
    const ids = new Set(found.filter((m) => m.ids.length === 1).map((m) => m.ids[0]));
    return ids.size === 1 ? ([...ids][0] as string) : null;
  };

  return {
    localities,
    attribute(post) {
      if (post.geo) {
        const near = nearest(withPoints, post.geo);
        if (near) return { localityId: near.id, method: 'geo', confidence: CONFIDENCE.geo };
      }
      if (post.placeName) {
        const id = inPlace(post.placeName);
        if (id) return { localityId: id, method: 'place', confidence: CONFIDENCE.place };
      }
      const tokens = tokenize(post.text);
      const { found, areasNamed, areaTags, wordTags } = scan(tokens, post.lang);
      const tagged = byTags(
        post.hashtags.map(foldText).filter((tag) => !areaTags.has(tag)),
        areasNamed,
        wordTags,
      );
      if (tagged) return { localityId: tagged.id, method: 'hashtag', confidence: tagged.confidence };
      const mentioned = inText(areasNamed, found);
      if (mentioned) return { localityId: mentioned.id, method: 'text', confidence: mentioned.confidence };
      if (post.authorLocation) {
        const id = inProfile(post.authorLocation);
        if (id) return { localityId: id, method: 'profile', confidence: CONFIDENCE.profile };
      }
      return { localityId: null, method: 'none', confidence: 0 };
    },
  };
}

/** Most letters in capitals: a shouted post, where capitals say nothing about names. */
function isShouting(tokens: readonly Token[]): boolean {
  let upper = 0;
  let letters = 0;
  for (const t of tokens) {
    if (t.tagged) continue;
    letters += t.raw.length;
    if (t.raw === t.raw.toUpperCase()) upper += t.raw.length;
  }
  return letters > 0 && upper / letters > 0.6;
}

function nearest(localities: readonly Locality[], at: { lat: number; lon: number }): Locality | undefined {
  let best: { l: Locality; km: number } | undefined;
  for (const l of localities) {
    if (!l.point) continue;
    const km = haversineKm(at, l.point);
    if (km <= l.point.radiusKm && (!best || km < best.km)) best = { l, km };
  }
  return best?.l;
}

export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
