import { decodeHTML } from 'entities';

/**
 * Makes untrusted text storable and comparable: no NUL (Postgres rejects it in text), no lone
 * UTF-16 surrogates, no bidi overrides or invisible characters that could disguise content,
 * bounded length. Joiners and direction marks have real uses (family and flag emoji, Indic and
 * Arabic scripts, Hebrew): they are kept next to an emoji or a letter of a script that needs them
 * and dropped elsewhere, where they only hide a word ("Cam\u200Dogli").
 */
export function sanitizeText(text: string, maxLength = 20_000): string {
  const cleaned = text
    .replace(/[\u0000\u200B\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, '')
    .replace(CONTEXT_FORMAT_CHARS, (mark, offset: number, whole: string) => (hasPurpose(mark, whole, offset) ? mark : ''))
    .toWellFormed();
  return truncateText(cleaned, maxLength);
}

/** ZWNJ, ZWJ, LRM, RLM: invisible, meaningful only in context. */
const CONTEXT_FORMAT_CHARS = /[\u200C-\u200F]/g;
const EMOJI_BEFORE = /(?:\p{Extended_Pictographic}|\p{Emoji_Modifier}|\uFE0F)$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;
// Scripts whose words use joiners or marks: neither Latin, Greek nor Cyrillic, where they only hide.
const SCRIPT_LETTER = /[\p{L}\p{M}](?<![\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])/u;

function hasPurpose(mark: string, text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 2), at);
  const after = text.slice(at + 1, at + 3);
  if (mark === '\u200D' && EMOJI_BEFORE.test(before) && EMOJI_AFTER.test(after)) return true;
  const last = [...before].at(-1) ?? '';
  const next = [...after][0] ?? '';
  return SCRIPT_LETTER.test(last) || SCRIPT_LETTER.test(next);
}

/**
 * Cuts text to at most `maxLength` UTF-16 units, ending with '…' when cut, never between the two
 * halves of a surrogate pair: a lone surrogate is rejected by Postgres (jsonb) and breaks JSON.
 */
export function truncateText(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let end = Math.max(0, maxLength - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/** Mastodon-style sanitized HTML → plain text with paragraph and line breaks kept. */
export function htmlToText(html: string): string {
  const withBreaks = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<[^>]*>/g, '');
  return decodeHTML(withBreaks).trim();
}

/**
 * A scanner's test of one character against a Unicode class given as a one-character regex
 * (`/^[\p{L}\p{N}]$/u`): the UTF-16 units the character at `at` takes (1, or 2 for a surrogate
 * pair), 0 when it is not in the class or past the end. A table answers ASCII, a memo the rest:
 * far cheaper per character than a regex match.
 */
export function unicodeClass(oneChar: RegExp): (text: string, at: number) => number {
  const ascii = new Uint8Array(128);
  for (let c = 0; c < 128; c++) ascii[c] = oneChar.test(String.fromCharCode(c)) ? 1 : 0;
  const seen = new Map<number, boolean>();
  return (text, at) => {
    if (at >= text.length) return 0;
    const c = text.charCodeAt(at);
    if (c < 0x80) return ascii[c] as number;
    const cp = text.codePointAt(at) as number;
    let inClass = seen.get(cp);
    if (inClass === undefined) {
      inClass = oneChar.test(String.fromCodePoint(cp));
      if (seen.size < 10_000) seen.set(cp, inClass);
    }
    return inClass ? (cp > 0xffff ? 2 : 1) : 0;
  };
}

/** Every UTF-16 unit below 0x80 (a loop: cheaper than a regex on the short strings folded most). */
export function isAscii(text: string): boolean {
  for (let k = 0; k < text.length; k++) if (text.charCodeAt(k) > 0x7f) return false;
  return true;
}

/** Case-, accent- and apostrophe-insensitive form used for every comparison of names and tags. */
export function foldText(text: string): string {
  // Most tokens are plain ASCII: nothing to decompose or strip, only case and the backtick.
  if (isAscii(text)) {
    const lower = text.toLowerCase();
    return lower.includes('`') ? lower.replaceAll('`', "'") : lower;
  }
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02BC`´]/g, "'");
}
