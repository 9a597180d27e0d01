import { foldText } from './text.js';

export const SUPPORTED_LANGUAGES = ['it', 'fr', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

const STOPWORDS: Record<Language, ReadonlySet<string>> = {
  it: new Set('il lo la gli le un una di da del della che e non per con su sono è ma anche come questo questa più molto nel nella al alla ci si ho hai ha siamo oggi bella bello grazie tutti'.split(' ').map(foldText)),
  fr: new Set('le la les un une des du de et est pas pour avec sur dans que qui ce cette mais aussi comme très nous vous je tu il elle ils au aux plus merci tous belle beau'.split(' ').map(foldText)),
  en: new Set('the a an of and is are not for with on in that this but also as very we you i he she they it to at more thanks all beautiful was be have'.split(' ').map(foldText)),
};

export interface LanguageGuess {
  lang: Language;
  /** 1 when declared by the platform, lower for a guess from few words. */
  confidence: number;
}

/**
 * The platform's declared language when it is one we score; otherwise the language whose
 * common words the text uses most. Short or wordless text falls back to `fallback`.
 */
export function detectLanguage(text: string, declared: string | null, fallback: Language = 'it'): LanguageGuess {
  const base = declared?.toLowerCase().slice(0, 2);
  if (base && (SUPPORTED_LANGUAGES as readonly string[]).includes(base)) return { lang: base as Language, confidence: 1 };
  const words = foldText(text).match(/\p{L}+/gu) ?? [];
  const hits = { it: 0, fr: 0, en: 0 };
  for (const word of words) for (const lang of SUPPORTED_LANGUAGES) if (STOPWORDS[lang].has(word)) hits[lang] += 1;
  const ranked = SUPPORTED_LANGUAGES.map((lang) => [lang, hits[lang]] as const).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked as [readonly [Language, number], readonly [Language, number]];
  if (best[1] === 0 || best[1] === second[1]) return { lang: fallback, confidence: 0.2 };
  return { lang: best[0], confidence: Math.min(0.9, 0.4 + 0.1 * (best[1] - second[1])) };
}
