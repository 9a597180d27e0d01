import { z } from 'zod';
import { foldText } from '../text.js';
import { readPackageJson } from '../package-data.js';
import type { GazetteerId } from './gazetteer.js';

/**
 * Which single-word place names are also ordinary words ("Ne", "Mele", "Bore", "Tours"): such a
 * name in a post's text only counts with a hashtag or a locative context. The lexicons come from
 * data packages, not from a hand-typed list:
 * - stopwords-iso (it, fr, en): function words, e.g. "ne", "re", "ora";
 * - italian-words-dict (Morph-it! nouns with their plurals), e.g. "mele", "lavagna", "bore";
 * - an-array-of-french-words (inflected French words) for the French gazetteer, e.g. "tours".
 * A campaign can still mark a name itself (`commonWord: true`, e.g. the alias "Vado", a verb form
 * no lexicon lists) or clear one (`commonWord: false`).
 */
export function commonWordsAmong(names: Iterable<string>, gazetteer: GazetteerId | undefined): Set<string> {
  const wanted = new Set([...names].map(foldText));
  const found = new Set<string>();
  const check = (word: string) => {
    const folded = foldText(word);
    if (wanted.has(folded)) found.add(folded);
  };
  const stopwords = readPackageJson('stopwords-iso/stopwords-iso.json', z.record(z.string(), z.array(z.string())));
  for (const lang of ['it', 'fr', 'en']) for (const word of stopwords[lang] ?? []) check(word);
  if (gazetteer === 'fr') {
    for (const word of readPackageJson('an-array-of-french-words/index.json', z.array(z.string()))) check(word);
  } else {
    const nouns = readPackageJson(
      'italian-words-dict/dist/words.json',
      z.record(z.string(), z.object({ P: z.string().nullable().optional() }).loose()),
    );
    for (const [singular, info] of Object.entries(nouns)) {
      check(singular);
      if (info.P) check(info.P);
    }
  }
  return found;
}
