import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { lexiconData, serializeLexiconData } from '../../scripts/lexicon-data.js';
import { stem as stemFrench } from '../../src/analysis/sentiment/stemmers/porter-fr.js';
import { stem as stemItalian } from '../../src/analysis/sentiment/stemmers/porter-it.js';

const require = createRequire(import.meta.url);
const committed = (file: string) => readFileSync(new URL(`../../src/analysis/sentiment/lexicon-data/${file}.json`, import.meta.url), 'utf8');
const data = lexiconData();

// The scorer reads compact files extracted from the lexicon packages: they must be exactly what
// `npm run lexicons:data` makes from the installed packages.
describe('committed lexicon data', () => {
  it.each(Object.keys(data) as (keyof typeof data)[])('%s.json is what the extraction script produces', (file) => {
    expect(committed(file) === serializeLexiconData(data[file]), `run npm run lexicons:data and commit src/analysis/sentiment/lexicon-data/${file}.json`).toBe(
      true,
    );
  });
});

// The stemmers were copied from natural so that it is not installed at run time: they must stem
// as natural's do, on every word of the lexicons they index and on inflected forms.
describe('copied Porter stemmers', () => {
  const natural = (lang: 'it' | 'fr') => require(`natural/lib/natural/stemmers/porter_stemmer_${lang}.js`) as { stem(word: string): string };
  const words = (lang: 'it' | 'fr') => {
    const d = data[lang];
    const listed = [...d.afinn, ...d.pattern].flatMap(([w]) => w.split(' '));
    // Inflections and derivations of the listed words, as posts write them.
    const suffixes =
      lang === 'it' ? ['i', 'e', 'issimo', 'mente', 'zione', 'ando', 'arono', 'glielo'] : ['s', 'es', 'ement', 'ation', 'issent', 'ées', 'erions'];
    return [...new Set([...listed, ...data.stopwords[lang], ...listed.flatMap((w) => suffixes.map((s) => w + s)), 'QUALITÀ', 'Perché', 'y', ''])];
  };

  it.each([
    ['it', stemItalian],
    ['fr', stemFrench],
  ] as const)('%s stems every lexicon word as natural does', (lang, stem) => {
    const reference = natural(lang);
    const all = words(lang);
    const differ = all.filter((w) => stem(w) !== reference.stem(w));
    expect(all.length).toBeGreaterThan(10_000);
    expect(differ).toEqual([]);
  });
});
