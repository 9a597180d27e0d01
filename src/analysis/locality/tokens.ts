import { foldText } from '../text.js';

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
const WORD = /#?[\p{L}\p{M}\p{N}]+/gu;
const ASCII = /^[\x00-\x7F]*$/;
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
  // An ASCII word folds to lower case alone (foldText's own shortcut, without its regex per word).
  const ascii = ASCII.test(clean);
  const tokens: Token[] = [];
  let last = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(clean); m !== null; m = WORD.exec(clean)) {
    const gap = clean.slice(last, m.index);
    last = m.index + m[0].length;
    const tagged = m[0].charCodeAt(0) === 35; // '#'
    const raw = tagged ? m[0].slice(1) : m[0];
    tokens.push({
      folded: ascii || isAscii(raw) ? raw.toLowerCase() : foldText(raw),
      raw,
      tagged,
      sentenceStart: tokens.length === 0 || (gap !== ' ' && SENTENCE_BREAK.test(gap)),
      gap,
    });
  }
  return tokens;
}

function isAscii(word: string): boolean {
  for (let k = 0; k < word.length; k++) if (word.charCodeAt(k) > 0x7f) return false;
  return true;
}

export const isCapitalized = (raw: string): boolean => /^\p{Lu}/u.test(raw);
