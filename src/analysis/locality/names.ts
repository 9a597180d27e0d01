import { foldText } from '../text.js';

/** Splits a folded text into word tokens: apostrophes, hyphens and punctuation separate words. */
export function wordTokens(folded: string): string[] {
  return folded.match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A name as the matcher compares it: folded tokens joined by one space ("sestri levante"). */
export const nameKey = (name: string): string => wordTokens(foldText(name)).join(' ');

/** The spellings people use for a name: "Saint-Tropez" is also "St Tropez", "Sainte-Maxime" "Ste Maxime". */
export function nameVariants(name: string): string[] {
  return keyVariants(nameKey(name));
}

export function keyVariants(key: string): string[] {
  const out = [key];
  if (/^(saint|sainte) /.test(key)) out.push(key.replace(/^saint /, 'st ').replace(/^sainte /, 'ste '));
  return out;
}
