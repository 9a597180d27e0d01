import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { firstNames, gazetteerData, serializeFirstNames, serializeGazetteer } from '../../scripts/gazetteer-data.js';
import { gazetteerEntries } from '../../src/analysis/locality/gazetteer.js';
import { nameKey } from '../../src/analysis/locality/names.js';

const committed = (file: string) => readFileSync(new URL(`../../src/analysis/locality/gazetteer-data/${file}`, import.meta.url), 'utf8');

// The matcher reads compact files extracted from the gazetteer and word-list packages: they must
// be exactly what `npm run gazetteer:data` makes from the installed packages.
describe('committed gazetteer data', () => {
  it.each(['it', 'fr'] as const)(
    '%s.json is what the extraction script produces',
    (id) => {
      expect(
        committed(`${id}.json`) === serializeGazetteer(gazetteerData(id)),
        `run npm run gazetteer:data and commit src/analysis/locality/gazetteer-data/${id}.json`,
      ).toBe(true);
    },
    120_000,
  );

  it.each(['it', 'fr'] as const)('%s.json gives every town the name key the matcher compares', (id) => {
    const wrong = gazetteerEntries(id).filter((e) => e.key !== nameKey(e.name));
    expect(wrong.map((e) => e.name)).toEqual([]);
  });

  it('first-names.json is what the extraction script produces', () => {
    expect(committed('first-names.json') === serializeFirstNames(firstNames()), 'run npm run gazetteer:data').toBe(true);
  });
});
