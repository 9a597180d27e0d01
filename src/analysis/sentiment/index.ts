import { createRequire } from 'node:module';
import type { Sentiment, SentimentLabel } from '../../domain/types.js';
import { detectLanguage, type Language } from '../language.js';

// natural's package root pulls in database clients and prints on load: require the submodule only.
const require = createRequire(import.meta.url);
const { SentimentAnalyzer } = require('natural/lib/natural/sentiment/index.js') as {
  SentimentAnalyzer: new (language: string, stemmer: null, type: string) => { getSentiment(words: string[]): number };
};

const ANALYZERS: Record<Language, { getSentiment(words: string[]): number }> = {
  it: new SentimentAnalyzer('Italian', null, 'pattern'),
  fr: new SentimentAnalyzer('French', null, 'pattern'),
  en: new SentimentAnalyzer('English', null, 'afinn'),
};
/** AFINN scores words from -5 to 5, pattern from -1 to 1. */
const SCALE: Record<Language, number> = { it: 1, fr: 1, en: 5 };

export const NEUTRAL_BAND = 0.05;

export function labelFor(score: number): SentimentLabel {
  if (score > NEUTRAL_BAND) return 'positive';
  if (score < -NEUTRAL_BAND) return 'negative';
  return 'neutral';
}

/** Sentiment of a post's text in [-1, 1], in its declared or detected language. */
export function scoreSentiment(text: string, declaredLang: string | null): Sentiment {
  const { lang, confidence: langConfidence } = detectLanguage(text, declaredLang);
  const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
  if (words.length === 0) return { score: 0, label: 'neutral', lang, confidence: 0 };
  const raw = ANALYZERS[lang].getSentiment(words) / SCALE[lang];
  const score = Math.max(-1, Math.min(1, Number.isFinite(raw) ? raw * 3 : 0));
  return { score, label: labelFor(score), lang, confidence: Math.min(1, langConfidence * Math.min(1, words.length / 8)) };
}
