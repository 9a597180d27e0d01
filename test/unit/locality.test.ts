import { describe, expect, it } from 'vitest';
import { mergeHashtags } from '../../src/analysis/hashtags.js';
import { buildLocalities, createLocalityMatcher, LocalitySelectionError } from '../../src/analysis/locality/index.js';
import { localitiesSchema } from '../../src/config/campaigns.js';
import { makePost } from '../helpers/factories.js';

const liguria = buildLocalities(
  localitiesSchema.parse({
    gazetteer: 'it',
    region: 'Liguria',
    extra: [
      { name: 'Genova', aliases: ['Zena', 'Genoa'], hashtags: ['#visitgenova'], point: { lat: 44.4056, lon: 8.9463, radiusKm: 8 } },
      { name: 'Vado Ligure', aliases: ['Vado'], commonWord: true },
      { name: 'Portofino', point: { lat: 44.3036, lon: 9.2097, radiusKm: 2 } },
    ],
  }),
);
const matcher = createLocalityMatcher(liguria);
const attribute = (text: string, extra: Parameters<typeof makePost>[0] = {}) =>
  matcher.attribute(makePost({ text, hashtags: mergeHashtags([], text), ...extra }));
const town = (text: string, extra: Parameters<typeof makePost>[0] = {}) => attribute(text, extra).localityId;

const GENOVA = '010025';
const SESTRI_LEVANTE = '010059';
const SANTA_MARGHERITA = '010054';
const MELE = '010033';
const NE = '010040';
const VADO = '009064';

describe('gazetteer selection', () => {
  it('selects the 234 Ligurian comuni by region, with ISTAT code, province and population', () => {
    expect(liguria).toHaveLength(234);
    const genova = liguria.find((l) => l.id === GENOVA);
    expect(genova).toMatchObject({ name: 'Genova', code: GENOVA, province: 'Genova', region: 'Liguria', population: 586180 });
  });

  it('merges extra aliases and hashtags into the gazetteer town of the same name', () => {
    const genova = liguria.find((l) => l.id === GENOVA);
    expect(genova?.names).toEqual(expect.arrayContaining(['genova', 'zena', 'genoa']));
    expect(genova?.hashtags).toEqual(expect.arrayContaining(['genova', 'visitgenova', 'zena']));
  });

  it('selects by province sigla and by an explicit list', () => {
    const ge = buildLocalities(localitiesSchema.parse({ gazetteer: 'it', province: 'GE' }));
    expect(ge.every((l) => l.province === 'Genova')).toBe(true);
    expect(ge.length).toBeGreaterThan(50);
    const some = buildLocalities(localitiesSchema.parse({ gazetteer: 'it', region: 'Liguria', include: ['Camogli', '010044'] }));
    expect(some.map((l) => l.name).sort()).toEqual(['Camogli', 'Portofino']);
  });

  it('reads the French communes with INSEE codes and selects by département', () => {
    const am = buildLocalities(localitiesSchema.parse({ gazetteer: 'fr', province: 'Alpes-Maritimes' }));
    expect(am.find((l) => l.name === 'Nice')).toMatchObject({ id: '06088', code: '06088', region: "Provence-Alpes-Côte d'Azur" });
    expect(am.find((l) => l.name === 'Nice')?.population).toBeGreaterThan(300_000);
  });

  it('says so when a region matches no town', () => {
    expect(() => buildLocalities({ gazetteer: 'it', region: 'Ligura', extra: [] })).toThrow(LocalitySelectionError);
    expect(() => localitiesSchema.parse({ gazetteer: 'it', region: 'Ligura' })).toThrow(/no town in region/);
  });

  it('marks one-word names that are ordinary words, from the word lists and the config', () => {
    const common = (id: string) => liguria.find((l) => l.id === id)?.commonNames;
    expect(common(MELE)).toEqual(['mele']);
    expect(common(NE)).toEqual(['ne']);
    expect(common(VADO)).toEqual(['vado']);
    expect(common(GENOVA)).toEqual([]);
  });
});

describe('attribution', () => {
  it('is accent-, case- and apostrophe-insensitive', () => {
    expect(town('GENOVA sotto la pioggia')).toBe(GENOVA);
    expect(town('Sagra a Sant’Olcese, che festa')).toBe('010055');
    expect(town("sagra a sant'olcese")).toBe('010055');
    expect(town('Weekend a Santo Stefano d Aveto')).toBe('010056');
  });

  it('matches multi-word names whole, and not a bare first word', () => {
    expect(town('Tramonto a Santa Margherita Ligure')).toBe(SANTA_MARGHERITA);
    expect(town('Sestri Levante, baia del silenzio')).toBe(SESTRI_LEVANTE);
    expect(town('Sestri Ponente stamattina')).toBeNull();
    expect(town('Sestri oggi')).toBeNull();
  });

  it('needs a locative context and a capital for names that are common words', () => {
    expect(town('Torta di mele della nonna')).toBeNull();
    expect(town('Ne ho viste tante quest’estate')).toBeNull();
    expect(town('Vado al mare, ciao')).toBeNull();
    expect(town('Oggi sono a Mele per la sagra')).toBe(MELE);
    expect(town('Pranzo in Val Graveglia, vicino a Ne')).toBe(NE);
    expect(town('Lavoro a Vado da tre anni')).toBe(VADO);
    expect(attribute('Oggi sono a Mele').confidence).toBeLessThan(attribute('Oggi sono a Camogli').confidence);
  });

  it('takes a common-word name from a hashtag', () => {
    expect(attribute('Che sagra! #mele #orgoglioliguria')).toMatchObject({ localityId: MELE, method: 'hashtag' });
  });

  it('does not take street names for towns', () => {
    expect(town('Aperitivo in via Genova')).toBeNull();
    expect(town('Ci vediamo in piazza di Camogli')).toBeNull();
  });

  it('prefers the first method that applies: geo, place, hashtag, text, profile', () => {
    const nearPortofino = { geo: { lat: 44.304, lon: 9.21 } };
    expect(attribute('A Camogli oggi #genova', nearPortofino)).toMatchObject({ localityId: '010044', method: 'geo' });
    expect(attribute('A Camogli oggi #genova', { placeName: 'Rapallo, Liguria' })).toMatchObject({ localityId: '010046', method: 'place' });
    expect(attribute('A Camogli oggi #genova')).toMatchObject({ localityId: GENOVA, method: 'hashtag' });
    expect(attribute('A Camogli oggi', { authorLocation: 'Genova' })).toMatchObject({ localityId: '010007', method: 'text' });
    expect(attribute('Bella giornata', { authorLocation: 'Zena, Liguria' })).toMatchObject({ localityId: GENOVA, method: 'profile' });
  });

  it('ignores coordinates outside every radius', () => {
    expect(attribute('Bella giornata', { geo: { lat: 45.46, lon: 9.19 } }).method).toBe('none');
  });

  it('accepts a common-word name opening a profile location', () => {
    expect(attribute('Bella giornata', { authorLocation: 'Ne (GE)' })).toMatchObject({ localityId: NE, method: 'profile' });
  });

  it('leaves a post naming two towns unattributed unless one is where the author is', () => {
    expect(town('Genova o Camogli? Non so scegliere')).toBeNull();
    expect(town('Da Genova a Camogli in treno')).toBeNull();
    expect(town('Oggi a Camogli, domani chissà: Genova resta nel cuore')).toBe('010007');
  });

  it('does not read links, mentions or other hashtags as mentions', () => {
    expect(town('Leggete https://example.org/camogli-estate @camogli@mastodon.uno')).toBeNull();
  });
});

describe('gazetteer selection in the campaign file', () => {
  it('is checked when the file is loaded, with the line of the bad value', async () => {
    const { parseConfigText } = await import('../../src/config/load.js');
    const yaml = [
      'campaigns:',
      '  - id: c',
      '    hashtags: ["#x"]',
      '    sources: [{ platform: mastodon, instance: "https://m.test", schedule: "*/5 * * * *" }]',
      '    localities:',
      '      gazetteer: it',
      '      region: Ligura',
    ].join('\n');
    expect(() => parseConfigText(yaml, 'c.yaml', {})).toThrow(/c\.yaml:7:\d+: campaigns\.0\.localities\.region: gazetteer it: no town in region "Ligura"/);
  });
});
