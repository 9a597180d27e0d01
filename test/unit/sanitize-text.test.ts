import { describe, expect, it } from 'vitest';
import { sanitizeText } from '../../src/analysis/text.js';

describe('sanitizeText: strips what disguises text, keeps what scripts and emoji need', () => {
  it('keeps the joiners of family, profession and flag emoji', () => {
    for (const emoji of ['👨‍👩‍👧', '👩🏽‍💻', '🏳️‍🌈', '🏴‍☠️']) expect(sanitizeText(`Camogli ${emoji}`)).toBe(`Camogli ${emoji}`);
  });

  it('keeps joiners and direction marks inside scripts that use them', () => {
    const devanagari = 'क्‍ष';
    const persian = 'می‌خواهم';
    const hebrew = 'שלום‏!';
    for (const text of [devanagari, persian, hebrew]) expect(sanitizeText(text)).toBe(text);
  });

  it('strips bidi overrides, isolates, NUL and invisible characters that hide a word', () => {
    expect(sanitizeText('Cam\u200Dogli \u202Eilgomac\u202C \u2066x\u2069 Ca\u0000mo\u200Bgli Camo\u200Egli')).toBe('Camogli ilgomac x Camogli Camogli');
    expect(sanitizeText('\u200D👨')).toBe('👨');
  });

  it('never leaves a lone surrogate where it cuts', () => {
    const cut = sanitizeText(`${'x'.repeat(198)}🌊🌊`, 200);
    expect(cut.isWellFormed()).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(200);
  });
});
