import type { Lexicon } from './lexicon.js';

const MAX_TAG = 40;
const MAX_WORD = 20;
/** Below this length a segment must be a function word ("la", "di") to count as a word. */
const MIN_CONTENT_WORD = 4;
const MEMO_LIMIT = 10_000;
const memos = new WeakMap<Lexicon, Map<string, string[]>>();

/**
 * Splits a hashtag (lowercased, without '#') into words: "bellagiornata" → ["bella", "giornata"].
 * Dynamic programming over split points: a known word costs 1, an unknown letter 1, so the
 * split with the fewest pieces that covers the most letters with known words wins; runs of
 * unknown letters come back as one piece (a place name, say), which scores nothing.
 * Short known words only count when they are function words, so "#malpensa" is not "mal pensa".
 * Only tags written in one case come here: the tokenizer splits "#DrainTheSwamp" by its capitals
 * and keeps "#Assad" whole. The known words are the lexicon's (for English also a general
 * vocabulary: "#onedirection" → one direction, not "on e dire cti on").
 */
export function segmentHashtag(tag: string, lexicon: Lexicon): string[] {
  let memo = memos.get(lexicon);
  if (!memo) memos.set(lexicon, (memo = new Map()));
  const cached = memo.get(tag);
  if (cached) return cached;
  const parts = split(tag, lexicon);
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(tag, parts);
  return parts;
}

function split(tag: string, lexicon: Lexicon): string[] {
  const chars = Array.from(tag.replace(/_/g, ''));
  const n = chars.length;
  if (n === 0 || n > MAX_TAG || lexicon.isWord(tag)) return [tag];
  const isKnown = (w: string) => lexicon.isWord(w) && (w.length >= MIN_CONTENT_WORD || lexicon.valence(w) === undefined);
  const cost = new Array<number>(n + 1).fill(Infinity);
  const from = new Array<number>(n + 1).fill(0);
  const known = new Array<boolean>(n + 1).fill(false);
  cost[0] = 0;
  for (let end = 1; end <= n; end++) {
    // An unknown letter.
    cost[end] = (cost[end - 1] as number) + 1;
    from[end] = end - 1;
    for (let start = Math.max(0, end - MAX_WORD); start < end - 1; start++) {
      const c = (cost[start] as number) + 1;
      if (c < (cost[end] as number) && isKnown(chars.slice(start, end).join(''))) {
        cost[end] = c;
        from[end] = start;
        known[end] = true;
      }
    }
  }
  const parts: string[] = [];
  let unknown = '';
  for (let end = n; end > 0; end = from[end] as number) {
    const piece = chars.slice(from[end], end).join('');
    if (known[end]) {
      if (unknown) parts.push(unknown);
      unknown = '';
      parts.push(piece);
    } else {
      unknown = piece + unknown;
    }
  }
  if (unknown) parts.push(unknown);
  return parts.reverse();
}
