import { decodeHTML } from 'entities';
import { unicodeClass } from '../text.js';

/**
 * Social-post tokenizer for the sentiment scorer. natural's tokenizers cut accented letters
 * ("città" → "citt") and drop emoji, so this is one Unicode regex pass instead.
 *
 * Dropped as boilerplate: URLs (and the bare "http" that anonymised datasets leave), @mentions,
 * HTML entities that do not decode, a leading "RT", numbers. Escaped emoji ("&#x1f602;") are
 * decoded first. Kept: words (lowercased, elongation collapsed),
 * hashtags (without '#'), emoji, emoticons, '!' runs, and clause breaks that end a negation's scope.
 */

export type TokenKind = 'word' | 'hashtag' | 'emoji' | 'emoticon' | 'bang' | 'question' | 'break';

export interface Token {
  kind: TokenKind;
  /** Lowercased text; for 'bang' the run of '!'; for 'hashtag' the tag without '#'. */
  text: string;
  /**
   * Written with 3+ repeated letters ("bellissimooo"): `text` holds the runs collapsed to two
   * letters ("bellissimoo"), `alt` collapsed to one ("bellissimo"); lookups try both.
   */
  elongated: boolean;
  alt: string | null;
  /** Written in capitals (at least two letters), e.g. "BRAVI". */
  caps: boolean;
  /** Written with an initial capital ("Bowl", "Security"), not all in capitals. */
  title: boolean;
  /**
   * Hashtags only: the words its author's capitals mark ("#TheWalkingDead" → the, walking, dead;
   * "#Assad" → assad, one word). Null when the tag is all in one case and must be segmented.
   */
  parts: readonly string[] | null;
}

/** Every token has the same fields (one object shape keeps the scoring loop fast). */
const token = (kind: TokenKind, text: string, fields: Partial<Omit<Token, 'kind' | 'text'>> = {}): Token => ({
  kind,
  text,
  elongated: fields.elongated ?? false,
  alt: fields.alt ?? null,
  caps: fields.caps ?? false,
  title: fields.title ?? false,
  parts: fields.parts ?? null,
});

// One alternation, matched in order; groups by position (named groups cost an object per match):
// 1 skip, 2 hashtag, 3 emoticon, 4 emoji, 5 word, 6 '!', 7 '?', 8 clause break.
const PATTERN = new RegExp(
  [
    /(https?:\/\/\S*|www\.\S+|\bhttps?\b|@[\p{L}\p{N}_.]+|&#?[a-z0-9]+;|\p{N}+(?:[.,:]\p{N}+)*)/u.source,
    /#([\p{L}\p{M}\p{N}_]+)/u.source,
    /((?<![\p{L}\p{N}])(?:[<>]?[:;=][-'^o]?[)\]([dDpP/\\|*3]+|[)(][-'^o]?[:;=]|<\/?3+|\^_?\^|[xX]D+|D:)(?![\p{L}\p{N}]))/u.source,
    /(\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier}|\u200D\p{Extended_Pictographic}\uFE0F?)*)/u.source,
    /([\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*['’]?)/u.source,
    /(!+)/u.source,
    /(\?+)/u.source,
    /([.;,:…()\n]+)/u.source,
  ].join('|'),
  'gu',
);

const ELONGATION = /(\p{L})\1{2,}/gu;
/** Italian and French elided articles and pronouns: "l'amore" → "l'", "amore". */
const ELISION = /^([\p{L}]{1,5}['’])([\p{L}].*)$/u;

const ELONGATION_TEST = /(\p{L})\1{2}/u;
/** Bounded like the lexicon's memo (lexicon.ts): kept live for the worker's life. */
const WORD_MEMO_LIMIT = 30_000;
const wordMemo = [new Map<string, readonly Token[]>(), new Map<string, readonly Token[]>()] as const;
const tagMemo = new Map<string, Token>();

/** Tokens are shared between calls (words are memoized): treat them as read-only. */
export function tokenize(raw: string, splitElision: boolean): readonly Token[] {
  // Some sources and exports still escape emoji and symbols ("&#x1f602;", "&lt;3"): decoded, they count.
  const text = raw.includes('&') ? decodeHTML(raw) : raw;
  const tokens: Token[] = [];
  const memo = wordMemo[splitElision ? 1 : 0];
  const pushWord = (word: string) => {
    let known = memo.get(word);
    if (!known) {
      known = wordTokens(word, splitElision);
      if (memo.size >= WORD_MEMO_LIMIT) memo.clear();
      memo.set(word, known);
    }
    for (const t of known) tokens.push(t);
  };
  let at = 0;
  while (at < text.length) {
    // Most tokens are words starting with an ASCII letter that opens no other pattern: read them
    // here as PATTERN's word group would, and leave everything else to PATTERN.
    const c = text.charCodeAt(at);
    if (c === 32) {
      at += 1;
      continue;
    }
    if (PLAIN_WORD_START[c] === 1) {
      const end = wordEnd(text, at);
      pushWord(text.slice(at, end));
      at = end;
      continue;
    }
    PATTERN.lastIndex = at;
    const m = PATTERN.exec(text);
    if (m === null) break;
    at = PATTERN.lastIndex;
    if (m[1] !== undefined) continue;
    const word = m[5];
    if (word !== undefined) {
      pushWord(word);
    } else if (m[2] !== undefined) {
      let tag = tagMemo.get(m[2]);
      if (!tag) {
        tag = hashtagToken(m[2]);
        if (tagMemo.size >= WORD_MEMO_LIMIT) tagMemo.clear();
        tagMemo.set(m[2], tag);
      }
      tokens.push(tag);
    } else if (m[3] !== undefined) {
      tokens.push(token('emoticon', m[3]));
    } else if (m[4] !== undefined) {
      tokens.push(token('emoji', m[4].replace(/\uFE0F/g, '')));
    } else if (m[6] !== undefined) {
      tokens.push(token('bang', m[6]));
    } else if (m[7] !== undefined) {
      tokens.push(QUESTION);
    } else {
      tokens.push(SENTENCE_END.test(m[8] as string) ? BREAK : CLAUSE_BREAK);
    }
  }
  // Retweet marker: "RT @user: …".
  if (tokens[0]?.kind === 'word' && tokens[0].text === 'rt') tokens.shift();
  return tokens;
}

/**
 * ASCII letters at which PATTERN can only match its word group: not 'h' and 'w' (links), nor
 * 'x', 'X' and 'D' (emoticons such as "xD", "D:").
 */
const PLAIN_WORD_START = new Uint8Array(128);
for (let c = 65; c <= 122; c++) if ((c <= 90 || c >= 97) && !'hwxXD'.includes(String.fromCharCode(c))) PLAIN_WORD_START[c] = 1;

const letterWidth = unicodeClass(/^[\p{L}\p{M}]$/u);

const isApostrophe = (text: string, at: number) => text[at] === "'" || text[at] === '’';

/** Where PATTERN's word group, /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)*['’]?/, ends when it starts at `at`. */
function wordEnd(text: string, at: number): number {
  let i = at;
  for (let w = letterWidth(text, i); w > 0; w = letterWidth(text, i)) i += w;
  while (isApostrophe(text, i) && letterWidth(text, i + 1) > 0) {
    i += 1;
    for (let w = letterWidth(text, i); w > 0; w = letterWidth(text, i)) i += w;
  }
  return isApostrophe(text, i) ? i + 1 : i;
}

const QUESTION = token('question', '?');
/** A break with '.', ':', '…' or a new line may start a sentence; ',', ';' and brackets do not. */
const SENTENCE_END = /[.:…\n]/;
const BREAK = token('break', '.');
const CLAUSE_BREAK = token('break', ',');

const CAMEL = /\p{Ll}\p{Lu}|\p{Lu}{2}\p{Ll}/u;
const CAMEL_PART = /\p{Lu}+(?!\p{Ll})|\p{Lu}?[\p{Ll}\p{M}]+|\p{N}+/gu;
const TITLE_START = /^\p{Lu}[\p{Ll}\p{M}]/u;
const TITLE_WORD = /^\p{Lu}[\p{Ll}\p{M}]+$/u;

/**
 * Writers mark word boundaries in hashtags with capitals ("#DrainTheSwamp"), and a tag written
 * like a name ("#Assad", "#Israel") is one word: only tags in one case are left to segmentation.
 */
function hashtagToken(raw: string): Token {
  const text = raw.toLowerCase();
  const parts = CAMEL.test(raw) ? (raw.match(CAMEL_PART) ?? []).map((p) => p.toLowerCase()) : TITLE_WORD.test(raw) ? [text] : null;
  return token('hashtag', text, { parts });
}

function wordTokens(raw: string, splitElision: boolean): Token[] {
  const tokens: Token[] = [];
  const caps = raw.length > 1 && raw === raw.toUpperCase() && raw !== raw.toLowerCase();
  let word = raw.toLowerCase().replace(/’/g, "'");
  let rest = raw;
  if (splitElision) {
    const m = ELISION.exec(word);
    if (m) {
      tokens.push(token('word', m[1] as string, { caps }));
      word = m[2] as string;
      rest = raw.slice((m[1] as string).length);
    }
  }
  const title = !caps && TITLE_START.test(rest);
  if (!ELONGATION_TEST.test(word)) tokens.push(token('word', word, { caps, title }));
  else tokens.push(token('word', word.replace(ELONGATION, '$1$1'), { elongated: true, alt: word.replace(ELONGATION, '$1'), caps, title }));
  return tokens;
}
