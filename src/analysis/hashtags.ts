import { foldText } from './text.js';

const HASHTAG = /(?:^|[^\p{L}\p{N}_&/#])#([\p{L}\p{M}\p{N}_]*[\p{L}\p{M}][\p{L}\p{M}\p{N}_]*)/gu;

/** Folds a tag ("#Città", "città") to its comparison key ("citta"). */
export function normalizeHashtag(tag: string): string {
  return foldText(tag.replace(/^#/, ''));
}

/** Hashtags written in the text, folded, in order of first appearance, without repeats. */
export function extractHashtags(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(HASHTAG)) found.add(normalizeHashtag(m[1] as string));
  return [...found];
}

/** Platform-declared tags and tags found in the text, folded and merged. */
export function mergeHashtags(declared: readonly string[], text: string): string[] {
  return [...new Set([...declared.map(normalizeHashtag), ...extractHashtags(text)])].filter(Boolean);
}
