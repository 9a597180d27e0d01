import type { Attribution, NormalizedPost } from '../../domain/types.js';
import { foldText } from '../text.js';
import type { Locality } from './localities.js';

export interface LocalityMatcher {
  localities: readonly Locality[];
  attribute(post: NormalizedPost): Attribution;
}

/** How sure each method is; recorded with every attribution. */
export const CONFIDENCE = { geo: 0.95, place: 0.9, hashtag: 0.9, text: 0.75, textCommonWord: 0.6, profile: 0.5 } as const;

/** Words that put the next word in a place: "a Mele", "in Ne", "à Tours", "near Nice", "vicino a Bore". */
const LOCATIVE = new Set(['a', 'ad', 'in', 'da', 'verso', 'presso', 'per', 'au', 'aux', 'en', 'vers', 'depuis', 'at', 'to', 'near', 'from', 'visiting']);
const NEAR = new Set(['vicino', 'accanto', 'pres', 'proche', 'close', 'next']);
const LINKING = new Set(['a', 'de', 'di', 'to', 'du']);
/** A town's name after these is a street or a square somewhere else ("via Genova", "rue de Paris"). */
const STREET = new Set(['via', 'viale', 'corso', 'piazza', 'piazzale', 'largo', 'vicolo', 'salita', 'rue', 'avenue', 'boulevard', 'bd', 'place', 'quai', 'street', 'road']);
const STREET_LINK = new Set(['di', 'de', 'del', 'della', 'du', 'des', 'd', 'of']);

interface Token {
  folded: string;
  raw: string;
  /** Part of a #hashtag or an @mention: not a free-text mention. */
  tagged: boolean;
  sentenceStart: boolean;
}

interface NameEntry {
  ids: string[];
  common: boolean;
}

const URL = /\bhttps?:\/\/\S+/giu;
const WORD = /[#@]?[\p{L}\p{M}\p{N}]+/gu;

function tokenize(text: string): Token[] {
  const clean = text.normalize('NFC').replace(URL, ' ');
  const tokens: Token[] = [];
  let last = 0;
  let inMention = false;
  for (const m of clean.matchAll(WORD)) {
    const gap = clean.slice(last, m.index);
    last = m.index + m[0].length;
    // "@user@instance.social": the whole handle is a mention.
    inMention = m[0].startsWith('@') || (inMention && /^[@.]$/.test(gap));
    const raw = m[0].replace(/^[#@]/, '');
    tokens.push({ folded: foldText(raw), raw, tagged: m[0].startsWith('#') || inMention, sentenceStart: tokens.length === 0 || /[.!?\n:;|]/.test(gap) });
  }
  return tokens;
}

const isCapitalized = (raw: string) => /^\p{Lu}/u.test(raw);

/**
 * Compiled once per campaign: a Map from folded name (token sequence) to localities, so a post
 * costs one lookup per token and n-gram length, whatever the number of towns.
 *
 * Attribution, first method that applies: platform geo (coordinates within a town's radius, then
 * the platform's place name), a town hashtag, a mention in the text, the author's profile
 * location. A method that points at two different towns is ambiguous and gives way to the next.
 * Precision first: a name that is also an ordinary word ("Ne", "Mele", "Vado") counts in text
 * only when written with a capital and right after a locative word ("a Mele", "vicino a Ne").
 */
export function createLocalityMatcher(localities: readonly Locality[]): LocalityMatcher {
  const byName = new Map<string, NameEntry>();
  const byHashtag = new Map<string, string[]>();
  let maxWords = 1;
  for (const l of localities) {
    for (const name of l.names) {
      const entry = byName.get(name) ?? { ids: [], common: false };
      if (!entry.ids.includes(l.id)) entry.ids.push(l.id);
      entry.common ||= l.commonNames.includes(name);
      byName.set(name, entry);
      maxWords = Math.max(maxWords, name.split(' ').length);
    }
    for (const tag of l.hashtags) {
      const ids = byHashtag.get(tag) ?? [];
      if (!ids.includes(l.id)) ids.push(l.id);
      byHashtag.set(tag, ids);
    }
  }
  const withPoints = localities.filter((l) => l.point);

  /** Every town name in the tokens, longest first at each position; `located` when a locative word precedes it. */
  const mentions = (tokens: Token[]) => {
    const found: { id: string; located: boolean; common: boolean }[] = [];
    for (let i = 0; i < tokens.length; ) {
      let matched = 0;
      for (let n = Math.min(maxWords, tokens.length - i); n >= 1 && matched === 0; n--) {
        const slice = tokens.slice(i, i + n);
        if (slice.some((t) => t.tagged)) continue;
        const entry = byName.get(slice.map((t) => t.folded).join(' '));
        if (!entry) continue;
        matched = n;
        const prev = tokens[i - 1]?.folded;
        const prev2 = tokens[i - 2]?.folded;
        const street = (prev && STREET.has(prev)) || (prev && prev2 && STREET_LINK.has(prev) && STREET.has(prev2));
        const located = Boolean(prev && (LOCATIVE.has(prev) || (LINKING.has(prev) && prev2 && NEAR.has(prev2))));
        const first = slice[0] as Token;
        const commonOk = located && isCapitalized(first.raw) && !first.sentenceStart;
        if (street || (entry.common && n === 1 && !commonOk) || entry.ids.length > 1) continue;
        found.push({ id: entry.ids[0] as string, located, common: entry.common && n === 1 });
      }
      i += Math.max(matched, 1);
    }
    return found;
  };

  const single = (ids: Iterable<string>): string | null => {
    const distinct = new Set(ids);
    return distinct.size === 1 ? (distinct.values().next().value as string) : null;
  };

  /** One town mentioned, or several of which exactly one with a locative word ("da Genova a Camogli" is not). */
  const inText = (text: string) => {
    const found = mentions(tokenize(text));
    const id = single(found.map((f) => f.id)) ?? single(found.filter((f) => f.located).map((f) => f.id));
    return id ? { id, common: found.every((f) => f.id !== id || f.common) } : null;
  };

  const inPlace = (place: string): string | null => {
    for (const part of place.split(',')) {
      const entry = byName.get(wordTokensOf(part));
      if (entry?.ids.length === 1) return entry.ids[0] as string;
    }
    return null;
  };

  /** A profile's location field is a place by nature, so a common-word name may open it ("Ne (GE)"). */
  const inProfile = (location: string): string | null => {
    const tokens = tokenize(location);
    for (let n = Math.min(maxWords, tokens.length); n >= 1; n--) {
      const entry = byName.get(tokens.slice(0, n).map((t) => t.folded).join(' '));
      if (entry?.ids.length === 1) return entry.ids[0] as string;
    }
    return single(mentions(tokens).map((f) => f.id));
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
      const tagged = single(post.hashtags.flatMap((tag) => byHashtag.get(tag) ?? []));
      if (tagged) return { localityId: tagged, method: 'hashtag', confidence: CONFIDENCE.hashtag };
      const mentioned = inText(post.text);
      if (mentioned) {
        return { localityId: mentioned.id, method: 'text', confidence: mentioned.common ? CONFIDENCE.textCommonWord : CONFIDENCE.text };
      }
      if (post.authorLocation) {
        const id = inProfile(post.authorLocation);
        if (id) return { localityId: id, method: 'profile', confidence: CONFIDENCE.profile };
      }
      return { localityId: null, method: 'none', confidence: 0 };
    },
  };
}

const wordTokensOf = (text: string): string => tokenize(text).map((t) => t.folded).join(' ');

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
