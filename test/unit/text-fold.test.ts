import { describe, expect, it } from 'vitest';
import { foldText } from '../../src/analysis/text.js';
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

describe('hourOf: the hourly rollup bucket', () => {
  it('is the start of the UTC hour', () => {
    expect(hourOf(new Date('2026-10-03T14:37:12.345Z'))).toBe('2026-10-03T14:00:00.000Z');
    expect(hourOf(new Date('2026-10-03T23:59:59.999Z'))).toBe('2026-10-03T23:00:00.000Z');
  });
});
