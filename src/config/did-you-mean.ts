import { foldText } from '../analysis/text.js';

/**
 * ` (did you mean "X"?)` for a misspelt key or name, or '' when nothing is close: the candidate
 * at the smallest edit distance (adjacent swaps count one), ignoring case, accents, `_`, `-` and
 * spaces, within a third of the word's length.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const target = fold(word);
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(target, fold(candidate));
    if (distance < (best?.distance ?? Infinity)) best = { candidate, distance };
  }
  const limit = Math.max(1, Math.floor(target.length / 3));
  return best && best.distance <= limit && best.candidate !== word ? ` (did you mean "${best.candidate}"?)` : '';
}

const fold = (text: string) => foldText(text).replace(/[\s_-]+/g, '');

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = rows[i] as number[];
      const above = rows[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((above[j] as number) + 1, (row[j - 1] as number) + 1, (above[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      row[j] = d;
    }
  }
  return (rows[a.length] as number[])[b.length] as number;
}
