import { stopwords } from './sentiment/lexicon-data.js';
import { foldText } from './text.js';

export const SUPPORTED_LANGUAGES = ['it', 'fr', 'en'] as const;
export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** Words frequent in social posts that natural's stopword lists lack. */
const EXTRA: Record<Language, string> = {
  it: 'è e non per che ma anche oggi bella bello grazie tutti sempre solo ancora dopo poi cosa fatto fare molto troppo ora qui domani ieri',
  fr: "c'est est pas très merci tous belle beau aujourd'hui oui rien tout toujours encore après peu voir faire bien chez",
  en: "the is not very thanks all beautiful was be have i'm it's don't just get got love today new good great what when who",
};

/** Letters that only one of our languages writes. */
const SIGNATURE: Record<Language, RegExp> = {
  it: /[ìòù]|(?<!\p{L})(?:è|perché|più|città|così)(?!\p{L})/u,
  fr: /[çêâîôûëœ]|(?<!\p{L})(?:à|où|déjà)(?!\p{L})/u,
  en: /(?<!\p{L})(?:the|and|you|with|this)(?!\p{L})/u,
};

const STOPWORDS: Record<Language, ReadonlySet<string>> = Object.fromEntries(
  SUPPORTED_LANGUAGES.map((lang) => [lang, new Set([...stopwords(lang), ...EXTRA[lang].split(' ')].map(foldText).filter((w) => w.length > 1))]),
) as unknown as Record<Language, ReadonlySet<string>>;

export interface LanguageGuess {
  lang: Language;
  /** 1 when declared by the platform, lower for a guess from few words. */
  confidence: number;
}

/**
 * The platform's declared language when it is one we score; otherwise the language whose
 * function words the text uses most, with a bonus for letters only that language writes.
 * Short, wordless or emoji-only text falls back to `fallback` with a low confidence.
 */
export function detectLanguage(text: string, declared: string | null, fallback: Language = 'it'): LanguageGuess {
  const base = declared?.toLowerCase().slice(0, 2);
  if (base && (SUPPORTED_LANGUAGES as readonly string[]).includes(base)) return { lang: base as Language, confidence: 1 };
  const plain = text.replace(/https?:\/\/\S+|[@#][\p{L}\p{N}_]+/gu, ' ');
  const words = foldText(plain).match(/\p{L}+(?:'\p{L}+)?/gu) ?? [];
  const hits: Record<Language, number> = { it: 0, fr: 0, en: 0 };
  for (const word of words) for (const lang of SUPPORTED_LANGUAGES) if (STOPWORDS[lang].has(word)) hits[lang] += 1;
  const lower = plain.toLowerCase();
  for (const lang of SUPPORTED_LANGUAGES) if (SIGNATURE[lang].test(lower)) hits[lang] += 1.5;
  const ranked = SUPPORTED_LANGUAGES.map((lang) => [lang, hits[lang]] as const).sort((a, b) => b[1] - a[1]);
  const [best, second] = ranked as [readonly [Language, number], readonly [Language, number]];
  if (best[1] === 0 || best[1] === second[1]) return { lang: fallback, confidence: 0.2 };
  return { lang: best[0], confidence: Math.min(0.9, 0.4 + 0.1 * (best[1] - second[1])) };
}
