import type { Token } from './tokenize.js';

/** A run of this many capitalized words, not counting a sentence's first word, is a name. */
const MIN_NAME_WORDS = 2;
/**
 * Running text capitalizes only names and sentence starts; a text whose other words are mostly
 * (more than half) capitalized is written in Title Case, the style of headlines and titles.
 */
const HEADLINE_SHARE = 0.5;
/** Fewer words than this say too little about the style ("Nice Day"). */
const MIN_HEADLINE_WORDS = 4;

export interface Capitals {
  /** Indices of the word tokens that belong to a Title-Case name; null when none do. */
  names: ReadonlySet<number> | null;
  /** Indices of single capitalized words inside a sentence ("con Marco"): likely names; null when none. */
  capitalized: ReadonlySet<number> | null;
  /** Written in Title Case: a headline or a title. */
  headline: boolean;
}

const NONE: Capitals = { names: null, capitalized: null, headline: false };

/**
 * Reads what capitals say about a post. Runs of 2+ capitalized words inside a sentence are
 * names ("Super Bowl", "Social Security", "Scream Queens", "Champions League"), whose opinion
 * words say nothing about the writer's view; a sentence's first word is capitalized by position
 * and is not counted ("Happy Black Friday" keeps "Happy"). In a headline, where every word is
 * capitalized, capitals mark no names.
 */
export function readCapitals(tokens: readonly Token[]): Capitals {
  let names: Set<number> | null = null;
  let single: Set<number> | null = null;
  let inner = 0;
  let capitalized = 0;
  let runStart = -1;
  let sentenceStart = true;
  const close = (end: number) => {
    if (runStart >= 0 && end - runStart >= MIN_NAME_WORDS) {
      names ??= new Set();
      for (let k = runStart; k < end; k++) names.add(k);
    }
    runStart = -1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind !== 'word') {
      close(i);
      if (t.kind === 'question' || t.kind === 'bang' || (t.kind === 'break' && t.text === '.')) sentenceStart = true;
      continue;
    }
    if (sentenceStart) {
      sentenceStart = false;
      continue;
    }
    inner += 1;
    if (t.title) {
      capitalized += 1;
      (single ??= new Set()).add(i);
      if (runStart < 0) runStart = i;
    } else close(i);
  }
  close(tokens.length);
  if (capitalized === 0) return NONE;
  if (capitalized / inner > HEADLINE_SHARE) return { names: null, capitalized: null, headline: inner >= MIN_HEADLINE_WORDS };
  return { names, capitalized: single, headline: false };
}
