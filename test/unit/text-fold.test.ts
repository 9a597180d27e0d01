import { describe, expect, it } from 'vitest';
import { foldText, sanitizeText, truncateText, unicodeClass } from '../../src/analysis/text.js';
import { hourOf } from '../../src/db/rollup-deltas.js';

describe('foldText: the form every name and tag is compared in', () => {
  it('drops case and accents, and makes every apostrophe the same', () => {
    expect(foldText('Città')).toBe('citta');
    expect(foldText('Fénis')).toBe('fenis');
    expect(foldText('L’Aquila')).toBe("l'aquila");
  });

  it('folds plain ASCII text the same way (its fast path): case, and the backtick as an apostrophe', () => {
    expect(foldText('CAMOGLI')).toBe('camogli');
    expect(foldText('Sant`Olcese')).toBe("sant'olcese");
    expect(foldText("Sant'Olcese")).toBe(foldText('Sant’Olcese'));
  });
});

describe('unicodeClass: the per-character test of the scanners (words, hashtags, text hashes)', () => {
  it('answers as its regex does, in UTF-16 units, for ASCII, accented, non-Latin and astral characters', () => {
    const letterOrDigit = unicodeClass(/^[\p{L}\p{N}]$/u);
    const text = 'a1-é中𝐀😀';
    expect([0, 1, 2, 3, 4, 5, 7].map((at) => letterOrDigit(text, at))).toEqual([1, 1, 0, 1, 1, 2, 0]);
    expect(letterOrDigit(text, text.length)).toBe(0);
    expect(unicodeClass(/^\p{L}$/u)('7', 0)).toBe(0);
  });
});

describe('hourOf: the hourly rollup bucket', () => {
  it('is the start of the UTC hour', () => {
    expect(hourOf(new Date('2026-10-03T14:37:12.345Z'))).toBe('2026-10-03T14:00:00.000Z');
    expect(hourOf(new Date('2026-10-03T23:59:59.999Z'))).toBe('2026-10-03T23:00:00.000Z');
  });
});

describe('truncateText and sanitizeText: bounded text that stays valid UTF-16', () => {
  it('never ends a cut text on the first half of an emoji', () => {
    const text = `${'a'.repeat(1998)}😀😀`; // the emoji's halves sit at 1998 and 1999
    const cut = truncateText(text, 2000);
    expect(cut.length).toBeLessThanOrEqual(2000);
    expect(cut.isWellFormed()).toBe(true);
    expect(cut.endsWith('…')).toBe(true);
    expect(() => JSON.parse(JSON.stringify({ cut }))).not.toThrow();
  });

  it('keeps a text that fits as it is, and marks a cut one with an ellipsis', () => {
    expect(truncateText('Camogli', 7)).toBe('Camogli');
    expect(truncateText('Camogli', 5)).toBe('Camo…');
  });

  it('sanitizes long display names without leaving a lone surrogate', () => {
    const name = `${'x'.repeat(198)}🇮🇹`;
    const out = sanitizeText(name, 200);
    expect(out.isWellFormed()).toBe(true);
    expect(out.length).toBeLessThanOrEqual(200);
  });
});
