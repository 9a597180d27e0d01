import { decodeHTML } from 'entities';

/**
 * Makes untrusted text storable and comparable: no NUL (Postgres rejects it in text), no lone
 * UTF-16 surrogates, no bidi/zero-width controls that could disguise content, bounded length.
 */
export function sanitizeText(text: string, maxLength = 20_000): string {
  const cleaned = text
    .replace(/\u0000/g, '')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, '')
    .toWellFormed();
  return truncateText(cleaned, maxLength);
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

const ASCII = /^[\x00-\x7F]*$/;

/** Case-, accent- and apostrophe-insensitive form used for every comparison of names and tags. */
export function foldText(text: string): string {
  // Most tokens are plain ASCII: nothing to decompose or strip, only case and the backtick.
  if (ASCII.test(text)) return text.toLowerCase().replaceAll('`', "'");
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02BC`´]/g, "'");
}
