import { foldText, isAscii, unicodeClass } from '../text.js';

export interface Token {
  folded: string;
  raw: string;
  /** Part of a #hashtag: not a free-text mention. */
  tagged: boolean;
  sentenceStart: boolean;
  /** The characters between the previous token and this one. */
  gap: string;
}

const URL = /\bhttps?:\/\/\S+/giu;
/** E-mail addresses, @handles (also "@user@instance.social") and bare web addresses ("20minutes.fr/marseille/…"). */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[a-z]{2,}/giu;
const HANDLE = /@[\p{L}\p{M}\p{N}_.]+(?:@[\p{L}\p{N}.-]+)?/gu;
const TLD = '(?:com|net|org|info|fr|it|eu|be|ch|uk|de|es|io|ly|gl|me|tv|co)';
const DOMAIN = new RegExp(`\\b(?:www\\.)?[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.${TLD}\\b(?:\\/\\S*)?`, 'gu');
/** A cheap test for DOMAIN: most posts have no ".it", ".com"… and skip its slow scan. */
const HAS_TLD = new RegExp(`\\.${TLD}\\b`, 'u');
const SENTENCE_BREAK = /[.!?\n:;|]/;

/**
 * The words of a post that are text: URLs, e-mail addresses, @handles and web addresses are not
 * (a town inside "@UNI_FIRENZE" or "medicolegale.bologna@…" is not a mention of it).
 */
export function tokenize(text: string): Token[] {
  // Each pattern is skipped when the character it needs is absent (the common case: attribution's hot path).
  let clean = text.normalize('NFC');
  if (clean.includes('://')) clean = clean.replace(URL, ' ');
  if (clean.includes('@')) clean = clean.replace(EMAIL, ' ').replace(HANDLE, ' ');
  if (HAS_TLD.test(clean)) clean = clean.replace(DOMAIN, ' ');
  // In an ASCII text every word folds to lower case alone (foldText's own shortcut, tested once).
  const ascii = isAscii(clean);
  // A scan by character code, as WORD (/#?[\p{L}\p{M}\p{N}]+/gu) would match, without a match array per word.
  const tokens: Token[] = [];
  let last = 0;
  let i = 0;
  const n = clean.length;
  while (i < n) {
    let start = i;
    let width = wordCharWidth(clean, i);
    if (width === 0) {
      if (clean.charCodeAt(i) !== 35 || wordCharWidth(clean, i + 1) === 0) {
        i += 1;
        continue;
      }
      start = i;
      i += 1;
      width = wordCharWidth(clean, i);
    }
    while (width > 0) {
      i += width;
      width = wordCharWidth(clean, i);
    }
    const gap = clean.slice(last, start);
    last = i;
    const tagged = clean.charCodeAt(start) === 35; // '#'
    const raw = clean.slice(tagged ? start + 1 : start, i);
    tokens.push({
      folded: ascii ? raw.toLowerCase() : foldText(raw),
      raw,
      tagged,
      sentenceStart: tokens.length === 0 || (gap !== ' ' && SENTENCE_BREAK.test(gap)),
      gap,
    });
  }
  return tokens;
}

/** A letter, mark or digit: what WORD matches. */
const wordCharWidth = unicodeClass(/^[\p{L}\p{M}\p{N}]$/u);

export const isCapitalized = (raw: string): boolean => /^\p{Lu}/u.test(raw);
