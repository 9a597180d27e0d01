import type { Language } from '../language.js';

/**
 * Candidate base forms of an inflected Italian or French word, most likely first, for lexicon
 * lookup: gender and number of adjectives and participles ("bellissime" → "bellissimo",
 * "contente" → "content", "menacées" → "menacé", "menacer"), superlatives in -issimo, adverbs in
 * -mente/-ment. Only inflections: unlike a stemmer it never maps a word to a derivation of
 * another ("presentazione" is not "presente", "volant" is not "vol"), which is what made stem
 * lookups score everyday words.
 */
export function baseForms(word: string, lang: Language): string[] {
  if (word.length < 4) return [];
  return lang === 'it' ? italian(word) : lang === 'fr' ? french(word) : english(word);
}

function italian(w: string): string[] {
  const out: string[] = [];
  const stem = w.slice(0, -1);
  const last = w.at(-1);
  if (w.endsWith('issimo') || w.endsWith('issima') || w.endsWith('issimi') || w.endsWith('issime')) {
    const root = w.slice(0, -6);
    out.push(`${root}o`, `${root}e`, `${root}a`);
  }
  if (w.endsWith('mente')) {
    // felicemente → felice, assolutamente → assoluta → assoluto, facilmente → facile.
    const root = w.slice(0, -5);
    if (root.endsWith('a')) out.push(`${root.slice(0, -1)}o`, root);
    else if (root.endsWith('l') || root.endsWith('r')) out.push(`${root}e`);
    else out.push(root);
  }
  if (last === 'a' || last === 'i' || last === 'e') out.push(`${stem}o`, `${stem}e`, `${stem}a`);
  if (w.endsWith('chi') || w.endsWith('ghi') || w.endsWith('che') || w.endsWith('ghe')) out.push(`${w.slice(0, -2)}o`);
  if (/(?:at|it|ut)[aie]$/.test(w)) out.push(`${w.slice(0, -3)}are`, `${w.slice(0, -3)}ire`);
  return out.filter((c) => c !== w);
}

function french(w: string): string[] {
  const out: string[] = [];
  const drop = (n: number) => w.slice(0, -n);
  if (w.endsWith('ment')) out.push(drop(4), drop(5), `${drop(4)}e`.replace(/ee$/, 'e'));
  if (w.endsWith('ées')) out.push(`${drop(3)}é`, `${drop(3)}er`);
  else if (w.endsWith('ée') || w.endsWith('és')) out.push(`${drop(2)}é`, `${drop(2)}er`);
  else if (w.endsWith('é')) out.push(`${drop(1)}er`);
  if (w.endsWith('aux')) out.push(`${drop(3)}al`);
  if (w.endsWith('euses') || w.endsWith('euse')) out.push(`${w.replace(/euses?$/, '')}eux`);
  if (w.endsWith('ives') || w.endsWith('ive')) out.push(`${w.replace(/ives?$/, '')}if`);
  if (w.endsWith('elles') || w.endsWith('elle')) out.push(`${w.replace(/elles?$/, '')}el`);
  if (w.endsWith('ennes') || w.endsWith('enne')) out.push(`${w.replace(/ennes?$/, '')}en`);
  if (w.endsWith('ères') || w.endsWith('ère')) out.push(`${w.replace(/ères?$/, '')}er`);
  if (w.endsWith('es')) out.push(drop(1), drop(2));
  else if (w.endsWith('s') || w.endsWith('x') || w.endsWith('e')) out.push(drop(1));
  return out.filter((c) => c !== w && c.length >= 3);
}

/** AFINN and VADER list most English inflections themselves; only plain plurals and "-ly". */
function english(w: string): string[] {
  const out: string[] = [];
  if (w.endsWith('ies')) out.push(`${w.slice(0, -3)}y`);
  else if (w.endsWith('s') && !w.endsWith('ss')) out.push(w.slice(0, -1));
  if (w.endsWith('ly')) out.push(w.slice(0, -2));
  return out;
}
