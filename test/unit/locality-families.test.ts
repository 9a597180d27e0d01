import { describe, expect, it } from 'vitest';
import { mergeHashtags } from '../../src/analysis/hashtags.js';
import { buildLocalities, CONFIDENCE, createLocalityMatcher } from '../../src/analysis/locality/index.js';
import { makePost } from '../helpers/factories.js';

// Whole-country matchers, as a national challenge builds them: the families of errors seen on
// real posts, each with examples of its own.
const italy = createLocalityMatcher(buildLocalities({ gazetteer: 'it', extra: [] }));
const france = createLocalityMatcher(buildLocalities({ gazetteer: 'fr', extra: [] }));
const attribute = (matcher: typeof italy, text: string, lang: string | null = null) =>
  matcher.attribute(makePost({ text, lang, hashtags: mergeHashtags([], text) }));
const it_ = (text: string, lang = 'it') => attribute(italy, text, lang).localityId;
const fr = (text: string, lang: string | null = 'fr') => attribute(france, text, lang).localityId;

const TORINO = '001272';
const FIRENZE = '048017';
const PRATO = '100005';
const CHIUSA = '021022';
const PARIS = '75056';
const LYON = '69123';
const SAINT_NAZAIRE_44 = '44184';
const SAINT_GILLES_30 = '30258';

describe('handles, e-mail addresses and web addresses are not text', () => {
  it('does not read a town inside them', () => {
    expect(it_('Grazie @COMUNE_TORINO per la bella serata')).toBeNull();
    expect(it_('Per iscriversi scrivete a segreteria.torino@example.org entro venerdì')).toBeNull();
    expect(it_('Leggete la cronaca su www.giornale.it/firenze/cronaca oggi')).toBeNull();
    expect(it_('Bella serata oggi a Torino con gli amici')).toBe(TORINO);
  });
});

describe('ordinary words that equal a town, in every inflected form', () => {
  it('does not take a verb, a participle or an adjective for a town', () => {
    expect(it_('Questo lavoro rende tutto più semplice')).toBeNull();
    expect(it_('La mostra resta Chiusa fino a lunedì per lavori')).toBeNull();
    expect(it_('Capaci di tutto pur di vincere')).toBeNull();
    expect(fr('Les attaques de la presse contre le gouvernement continuent')).toBeNull();
  });

  it('still takes such a town after a locative word, with a lower confidence', () => {
    const got = attribute(italy, 'Domenica mercatino a Chiusa, vi aspettiamo', 'it');
    expect(got).toMatchObject({ localityId: CHIUSA, method: 'text' });
    expect(got.confidence).toBeLessThan(CONFIDENCE.text);
  });

  it('does not take a hashtag of a common word for a small town over a whole country', () => {
    expect(it_('Che bella giornata #vita #felicità')).toBeNull();
    // Marino (38,000 people) is also a first name: as a tag it is the town.
    expect(it_('Sagra dell’uva, che festa #marino')).toBe('058057');
    // Article + word written solid reads as a surname, unless the town is big.
    expect(fr('Encore une déclaration de #lamadeleine ce matin')).toBeNull();
  });
});

describe('people', () => {
  it('does not take a first name or a surname for a town', () => {
    expect(fr('François Bayrou a parlé ce matin')).toBeNull();
    expect(fr('La nouvelle recette de Philippe Lignac est délicieuse')).toBeNull();
    expect(it_('Ho incontrato Marino Bianchi al bar')).toBeNull();
  });

  it('does not take a small town named bare (a surname) for the town, over a whole country', () => {
    expect(fr('Rousset a encore raté son penalty hier soir')).toBeNull();
    expect(fr('#Rousset a encore raté son penalty hier soir')).toBeNull();
    // A tag labelling the post, after its text, is still the town.
    expect(fr('Belle soirée au stade avec les copains #Rousset')).toBe('13087');
  });
});

describe('areas, seats of power and names of things', () => {
  it('lets a longer area name cover the town inside it', () => {
    expect(it_('Bando del Friuli Venezia Giulia per le imprese')).toBeNull();
  });

  it('takes "la Saint-Jean" for the feast day', () => {
    expect(fr('Grand bal pour la Saint-Jean samedi soir')).toBeNull();
    expect(fr('Grand bal pour la #StJean samedi soir')).toBeNull();
  });

  it('takes a seat of power for the power', () => {
    expect(fr('Matignon annonce un nouveau plan pour les retraites')).toBeNull();
  });

  it('does not take a dateline, an event named after a town or a route for the town', () => {
    expect(fr('LYON, 12 mars (AFP) - Le gouvernement prépare une réforme')).toBeNull();
    expect(fr('Les travaux de la ligne Lyon-Turin reprennent')).toBeNull();
    expect(fr('Tous les billets pour Lyon 2030 sont vendus')).toBeNull();
    expect(fr('Grosse manifestation à Lyon ce samedi')).toBe(LYON);
  });
});

describe('homonyms', () => {
  it('takes the most populous by far, with a lower confidence, and a first name does not win', () => {
    const got = attribute(france, 'François Hollande en visite aux chantiers de Saint-Nazaire', 'fr');
    expect(got).toMatchObject({ localityId: SAINT_NAZAIRE_44, confidence: CONFIDENCE.homonymByPopulation });
  });

  it('does not pick between villages by population: the name needs its area', () => {
    // Two Clamecy (Nièvre, 3,500 people; Aisne, 250): many times larger, still a village.
    expect(fr('Marché de Noël à Clamecy ce week-end')).toBeNull();
    expect(fr('#Nièvre Marché de Noël à Clamecy ce week-end')).toBe('58079');
    expect(fr('Encore une sortie de Bompas sur la réforme #politique')).toBeNull();
  });

  it('takes the one in the area the post names', () => {
    const got = attribute(france, '#Gard Sortie nature à Saint-Gilles ce dimanche', 'fr');
    expect(got).toMatchObject({ localityId: SAINT_GILLES_30, confidence: CONFIDENCE.homonymByArea });
  });
});

describe("other names of big towns: other languages' names and football clubs", () => {
  it('takes a big town under its name in another language', () => {
    expect(it_('Amazing weekend in Turin with friends', 'en')).toBe(TORINO);
    expect(it_('Week-end à Florence avec les enfants', 'fr')).toBe(FIRENZE);
    expect(fr('Domani si parte per Marsiglia, finalmente', 'it')).toBe('13055');
  });

  it('takes a club for its town, and a match between two clubs for no town', () => {
    expect(it_('Ennesimo pareggio della Juve, tifosi delusi')).toBe(TORINO);
    expect(it_('Grande vittoria della Fiorentina ieri sera')).toBe(FIRENZE);
    expect(it_('Stasera Juve-Fiorentina, chi vince?')).toBeNull();
    expect(fr('Quelle soirée au Parc des Princes #PSG')).toBe(PARIS);
  });

  it('reads a club acronym from a hashtag only', () => {
    expect(fr('Regarde le psg, il joue mal')).toBeNull();
    expect(fr('On verra ça plus tard OL')).toBeNull();
    expect(fr('Victoire à domicile ce soir #OL')).toBe(LYON);
  });
});

describe('big towns whose name is a word or a first name', () => {
  it('takes them with a capital, even at the start of a sentence in their language', () => {
    expect(fr('Une belle journée à Paris avec les enfants')).toBe(PARIS);
    expect(fr('Paris reste la ville la plus visitée')).toBe(PARIS);
    expect(it_('Il sindaco di Prato ha firmato l’ordinanza')).toBe(PRATO);
  });

  it('does not take them from a word of another language', () => {
    expect(fr('Nice! See you tomorrow', 'en')).toBeNull();
  });

  it('takes a plain mention over a weak one', () => {
    expect(it_('Che lavoro rende Firenze più bella?')).toBe(FIRENZE);
  });
});
