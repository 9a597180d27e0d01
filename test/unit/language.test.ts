import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../src/analysis/language.js';
import { scoreSentiment } from '../../src/analysis/sentiment/index.js';

describe('detectLanguage', () => {
  it("takes the platform's declared language when we score it", () => {
    expect(detectLanguage('This is English text', 'it-IT')).toEqual({ lang: 'it', confidence: 1 });
    expect(detectLanguage('', 'FR')).toEqual({ lang: 'fr', confidence: 1 });
  });

  it('detects the language from the text otherwise, or when declared one we do not score', () => {
    expect(detectLanguage('Che bella giornata oggi a Genova, sono felice', null).lang).toBe('it');
    expect(detectLanguage("Ce matin à Lyon, c'est très joli", null).lang).toBe('fr');
    expect(detectLanguage('This is the best day of my life', 'de').lang).toBe('en');
  });

  it('uses letters only one language writes when there are few words', () => {
    expect(detectLanguage('Città stupenda', null).lang).toBe('it');
    expect(detectLanguage('Ça suffit', null).lang).toBe('fr');
  });

  it('falls back with low confidence on empty, emoji-only or link-only text', () => {
    for (const text of ['', '😍😍', 'https://example.com/the-and-with', '@user #the']) {
      expect(detectLanguage(text, null)).toEqual({ lang: 'it', confidence: 0.2 });
    }
    expect(detectLanguage('', null, 'fr').lang).toBe('fr');
  });

  it('decides the lexicon the scorer uses', () => {
    expect(scoreSentiment("C'est une journée magnifique avec les amis", null)).toMatchObject({ lang: 'fr', label: 'positive' });
    expect(scoreSentiment('What a wonderful day with the kids', null)).toMatchObject({ lang: 'en', label: 'positive' });
  });
});
