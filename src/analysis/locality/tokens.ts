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
const DOMAIN = /\b(?:www\.)?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.(?:com|net|org|info|fr|it|eu|be|ch|uk|de|es|io|ly|gl|me|tv|co)\b(?:\/\S*)?/gu;
const WORD = /#?[\p{L}\p{M}\p{N}]+/gu;

/**
 * The words of a post that are text: URLs, e-mail addresses, @handles and web addresses are not
 * (a town inside "@UNI_FIRENZE" or "medicolegale.bologna@…" is not a mention of it).
 */
export function tokenize(text: string): Token[] {
  const clean = text.normalize('NFC').replace(URL, ' ').replace(EMAIL, ' ').replace(HANDLE, ' ').replace(DOMAIN, ' ');
  const tokens: Token[] = [];
  let last = 0;
  for (const m of clean.matchAll(WORD)) {
    const gap = clean.slice(last, m.index);
    last = m.index + m[0].length;
    const raw = m[0].replace(/^#/, '');
    tokens.push({ folded: foldText(raw), raw, tagged: m[0].startsWith('#'), sentenceStart: tokens.length === 0 || /[.!?\n:;|]/.test(gap), gap });
  }
  return tokens;
}

export const isCapitalized = (raw: string): boolean => /^\p{Lu}/u.test(raw);
