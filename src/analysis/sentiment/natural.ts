import { createRequire } from 'node:module';
import { z } from 'zod';
import type { Language } from '../language.js';
import { readPackageJson, readPackageText } from '../package-data.js';

/**
 * The parts of natural the scorer uses, each required by its own submodule path: natural's package
 * root pulls in database clients and prints on load.
 */
const require = createRequire(import.meta.url);

export interface Stemmer {
  stem(word: string): string;
}

const patternSchema = z.record(
  z.string(),
  z.object({ polarity: z.union([z.string(), z.number()]), subjectivity: z.union([z.string(), z.number()]).optional() }).loose(),
);
const wordListSchema = z.object({ words: z.array(z.string()) }).loose();

/** pattern rates how subjective each word is; below this a word states a fact ("nuovo", "grand"). */
const MIN_SUBJECTIVITY = 0.4;

export const STEMMERS: Record<Language, Stemmer> = {
  it: require('natural/lib/natural/stemmers/porter_stemmer_it.js') as Stemmer,
  fr: require('natural/lib/natural/stemmers/porter_stemmer_fr.js') as Stemmer,
  en: require('natural/lib/natural/stemmers/porter_stemmer.js') as Stemmer,
};

const PATTERN_FILES: Record<Language, string> = {
  it: 'natural/lib/natural/sentiment/Italian/pattern-sentiment-it.json',
  fr: 'natural/lib/natural/sentiment/French/pattern-sentiment-fr.json',
  en: 'natural/lib/natural/sentiment/English/pattern-sentiment-en.json',
};

/**
 * pattern's adjective lexicon (polarity -1..1, stored as strings). A few Italian keys are
 * uppercase ("FALSO", "VERO"), which natural's own lowercasing lookup never finds: keys are
 * lowercased here, a lowercase entry winning over an uppercase one.
 */
export function patternLexicon(lang: Language): Map<string, number> {
  const raw = readPackageJson(PATTERN_FILES[lang], patternSchema);
  const out = new Map<string, number>();
  for (const [key, entry] of Object.entries(raw)) {
    const polarity = Number(entry.polarity);
    if (!Number.isFinite(polarity) || Number(entry.subjectivity ?? 1) < MIN_SUBJECTIVITY) continue;
    const lower = key.toLowerCase();
    if (lower !== key && lower in raw) continue;
    out.set(lower, polarity);
  }
  return out;
}

/** natural's English negation list (the one its SentimentAnalyzer uses). */
export function englishNegations(): string[] {
  return readPackageJson('natural/lib/natural/sentiment/English/negations_en.json', wordListSchema).words;
}

const STOPWORD_FILES: Record<Language, string> = {
  it: 'natural/lib/natural/util/stopwords_it.js',
  fr: 'natural/lib/natural/util/stopwords_fr.js',
  en: 'natural/lib/natural/util/stopwords.js',
};

/** natural's stopword lists: function words, for hashtag segmentation and language guessing. */
export function stopwords(lang: Language): string[] {
  return (require(STOPWORD_FILES[lang]) as { words: string[] }).words;
}

/** Shorter entries of both lists are mostly abbreviations and codes ("ae", "md"), which split tags into junk. */
const MIN_VOCABULARY_WORD = 3;
const TAGGER_LEXICON = 'natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json';
/**
 * The tagger lexicon is one object, `{"word": ["NN", …], …}`: only its keys are wanted, so they are
 * read off the text (a key is the only string followed by ": ["), not parsed into 90,000 arrays
 * that would be dropped at once (~60 MB of transient heap at start-up).
 */
const TAGGER_KEY = /"([^"\\]*)":\s*\[/g;
/** Fewer keys than this means the file is not the lexicon it was (a package update). */
const MIN_TAGGER_WORDS = 50_000;

/**
 * English vocabulary for splitting hashtags ("#onedirection" → one direction): the ~90,000
 * Penn Treebank words (names included) of natural's Brill part-of-speech tagger lexicon (from
 * pos-js), plus stopwords-iso's English list (which has the numerals the tagger lexicon lacks).
 * Valences still come from the sentiment lexicons only.
 */
export function englishVocabulary(): string[] {
  const tagger = Array.from(readPackageText(TAGGER_LEXICON).matchAll(TAGGER_KEY), (m) => m[1] as string);
  if (tagger.length < MIN_TAGGER_WORDS) {
    throw new Error(`${TAGGER_LEXICON}: expected {"word": [tags], …} with ${MIN_TAGGER_WORDS}+ words, found ${tagger.length}`);
  }
  const iso = readPackageJson('stopwords-iso/stopwords-iso.json', z.record(z.string(), z.array(z.string()))).en ?? [];
  return [...tagger, ...iso].filter((w) => w.length >= MIN_VOCABULARY_WORD && /^[A-Za-z]+$/.test(w)).map((w) => w.toLowerCase());
}
