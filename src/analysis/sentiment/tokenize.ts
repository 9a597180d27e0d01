/**
 * Social-post tokenizer for the sentiment scorer. natural's tokenizers cut accented letters
 * ("città" → "citt") and drop emoji, so this is one Unicode regex pass instead.
 *
 * Dropped as boilerplate: URLs (and the bare "http" that anonymised datasets leave), @mentions,
 * HTML entities, a leading "RT", numbers. Kept: words (lowercased, elongation collapsed),
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
  alt?: string;
  /** Written in capitals (at least two letters), e.g. "BRAVI". */
  caps: boolean;
}

// One alternation, matched in order; groups by position (named groups cost an object per match):
// 1 skip, 2 hashtag, 3 emoticon, 4 emoji, 5 word, 6 '!', 7 '?', 8 clause break.
const PATTERN = new RegExp(
  [
    /(https?:\/\/\S*|www\.\S+|\bhttps?\b|@[\p{L}\p{N}_.]+|&#?[a-z0-9]+;|\p{N}+(?:[.,:]\p{N}+)*)/u.source,
    /#([\p{L}\p{M}\p{N}_]+)/u.source,
    /((?<![\p{L}\p{N}])(?:[<>]?[:;=][\-'^o]?[)\]([dDpP/\\|*3]+|[)(][\-'^o]?[:;=]|<\/?3+|\^_?\^|[xX]D+|D:)(?![\p{L}\p{N}]))/u
      .source,
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
const WORD_MEMO_LIMIT = 100_000;
const wordMemo = [new Map<string, readonly Token[]>(), new Map<string, readonly Token[]>()] as const;

/** Tokens are shared between calls (words are memoized): treat them as read-only. */
export function tokenize(text: string, splitElision: boolean): readonly Token[] {
  const tokens: Token[] = [];
  const memo = wordMemo[splitElision ? 1 : 0];
  PATTERN.lastIndex = 0;
  for (let m = PATTERN.exec(text); m !== null; m = PATTERN.exec(text)) {
    if (m[1] !== undefined) continue;
    const word = m[5];
    if (word !== undefined) {
      let known = memo.get(word);
      if (!known) {
        known = wordTokens(word, splitElision);
        if (memo.size >= WORD_MEMO_LIMIT) memo.clear();
        memo.set(word, known);
      }
      for (const t of known) tokens.push(t);
    } else if (m[2] !== undefined) {
      tokens.push({ kind: 'hashtag', text: m[2].toLowerCase(), elongated: false, caps: false });
    } else if (m[3] !== undefined) {
      tokens.push({ kind: 'emoticon', text: m[3], elongated: false, caps: false });
    } else if (m[4] !== undefined) {
      tokens.push({ kind: 'emoji', text: m[4].replace(/\uFE0F/g, ''), elongated: false, caps: false });
    } else if (m[6] !== undefined) {
      tokens.push({ kind: 'bang', text: m[6], elongated: false, caps: false });
    } else if (m[7] !== undefined) {
      tokens.push(QUESTION);
    } else {
      tokens.push(BREAK);
    }
  }
  // Retweet marker: "RT @user: …".
  if (tokens[0]?.kind === 'word' && tokens[0].text === 'rt') tokens.shift();
  return tokens;
}

const QUESTION: Token = { kind: 'question', text: '?', elongated: false, caps: false };
const BREAK: Token = { kind: 'break', text: '.', elongated: false, caps: false };

function wordTokens(raw: string, splitElision: boolean): Token[] {
  const tokens: Token[] = [];
  const caps = raw.length > 1 && raw === raw.toUpperCase() && raw !== raw.toLowerCase();
  let word = raw.toLowerCase().replace(/’/g, "'");
  if (splitElision) {
    const m = ELISION.exec(word);
    if (m) {
      tokens.push({ kind: 'word', text: m[1] as string, elongated: false, caps });
      word = m[2] as string;
    }
  }
  if (!ELONGATION_TEST.test(word)) tokens.push({ kind: 'word', text: word, elongated: false, caps });
  else tokens.push({ kind: 'word', text: word.replace(ELONGATION, '$1$1'), elongated: true, alt: word.replace(ELONGATION, '$1'), caps });
  return tokens;
}
