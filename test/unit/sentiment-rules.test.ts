import { describe, expect, it } from 'vitest';
import { scoreSentiment } from '../../src/analysis/sentiment/index.js';

const score = (text: string, lang: string) => scoreSentiment(text, lang).score;
const label = (text: string, lang: string) => scoreSentiment(text, lang).label;

describe('negation', () => {
  it('flips a negative word into praise within its scope', () => {
    expect(label('Il mare non è male', 'it')).toBe('positive');
    expect(label("Ce n'est pas mal du tout", 'fr')).toBe('positive');
    expect(label('The museum is not bad', 'en')).toBe('positive');
  });

  it('turns praise negative', () => {
    expect(label('Il concerto non mi è piaciuto', 'it')).toBe('negative');
    expect(label("Je n'aime pas cette plage", 'fr')).toBe('negative');
    expect(label("I don't love this town", 'en')).toBe('negative');
  });

  it('flips only the first opinion word it reaches', () => {
    expect(label("I don't like fake people", 'en')).toBe('negative');
    expect(label('Non è bello, è orribile', 'it')).toBe('negative');
  });

  it('is "not only" when "just", "solo", "seulement" follows: it negates nothing', () => {
    expect(label("It isn't just good, it's brilliant", 'en')).toBe('positive');
    expect(label('Non è solo bello', 'it')).toBe('positive');
    expect(label("Ce n'est pas seulement beau", 'fr')).toBe('positive');
  });

  it('ends at the end of the clause', () => {
    expect(label('Non ci sono parole. Bellissimo', 'it')).toBe('positive');
  });
});

describe('irrealis', () => {
  it('dampens opinion words after an English modal or "if" in their clause', () => {
    expect(label('If the food is good we will come back', 'en')).toBe('neutral');
    expect(score('It would be wonderful', 'en')).toBeLessThan(score('It is wonderful', 'en'));
    expect(label('If only. The view is wonderful', 'en')).toBe('positive');
  });
});

describe('contrast', () => {
  it('lets what follows "ma", "mais", "but" outweigh what comes before', () => {
    expect(label('Il servizio è pessimo ma il panorama è stupendo', 'it')).toBe('positive');
    expect(label('Le service est nul mais la vue est magnifique', 'fr')).toBe('positive');
    expect(label('The food was terrible but the view is wonderful', 'en')).toBe('positive');
  });

  it('works the other way round too', () => {
    expect(label('La spiaggia è bella però è sporchissima e orribile', 'it')).toBe('negative');
  });
});

describe('emoji and emoticons', () => {
  it('score emoji, in text or alone', () => {
    expect(label('Genova 😍', 'it')).toBe('positive');
    expect(label('Lyon 😡', 'fr')).toBe('negative');
    expect(label('😍😍😍', 'en')).toBe('positive');
    expect(label('👍🏽', 'it')).toBe('positive');
  });

  it('count when the text still escapes them as HTML', () => {
    expect(label('Lyon &#x1f621;', 'fr')).toBe('negative');
    expect(label('Roma &#x1f60d;', 'it')).toBe('positive');
    expect(label('see you there &lt;3', 'en')).toBe('positive');
  });

  it('read emoticons by their mouth', () => {
    expect(label('Sanremo :)', 'it')).toBe('positive');
    expect(label('Nice :(', 'fr')).toBe('negative');
    expect(label('see you there <3', 'en')).toBe('positive');
  });
});

describe('hashtags', () => {
  it('are split into words that carry sentiment', () => {
    expect(label('Camogli #bellagiornata', 'it')).toBe('positive');
    expect(label('Annecy #tropbeau', 'fr')).toBe('positive');
    expect(label('Bath #sohappy', 'en')).toBe('positive');
    expect(label('Roma #vergognatevi', 'it')).toBe('negative');
  });

  it("are split where their author's capitals say, and a tag written as a name stays whole", () => {
    // Segmented, "assad" would be "as sad", "bellagio" "bella gio", "mortagne" "mort agne".
    expect(label('Talks on Syria #Assad', 'en')).toBe('neutral');
    expect(label('Vacanze a #Bellagio', 'it')).toBe('neutral');
    expect(label('Week-end à #Mortagne', 'fr')).toBe('neutral');
    // Split by the capitals: "mole station", "bon app" (segmented: "molestation", "b on app").
    expect(label('Open day at #MoleStation', 'en')).toBe('neutral');
    expect(label('#BonApp ce soir', 'fr')).toBe('positive');
  });

  it('are split into whole English words, not fragments', () => {
    // Without a general vocabulary: "on e dire cti on", "b lack friday".
    expect(label('Tickets #onedirection', 'en')).toBe('neutral');
    expect(label('Deals #blackfriday', 'en')).toBe('neutral');
  });

  it("skip the campaign's own tags when told to", () => {
    const text = 'Foto dal porto #orgoglioliguria';
    expect(scoreSentiment(text, 'it').label).toBe('positive');
    expect(scoreSentiment(text, 'it', { ignoreHashtags: new Set(['orgoglioliguria']) }).label).toBe('neutral');
  });
});

describe('elongation', () => {
  it('finds the word under repeated letters and strengthens it', () => {
    expect(label('bellissimooo', 'it')).toBe('positive');
    expect(label('géniaaal', 'fr')).toBe('positive');
    expect(label('soooo goooood', 'en')).toBe('positive');
    expect(score('che bellooo', 'it')).toBeGreaterThan(score('che bello', 'it'));
  });
});

describe('intensifiers, diminishers, exclamation, capitals', () => {
  it('strengthen or weaken the next opinion word', () => {
    expect(score('molto bello', 'it')).toBeGreaterThan(score('bello', 'it'));
    expect(score('un peu triste', 'fr')).toBeGreaterThan(score('triste', 'fr'));
    expect(score('really good', 'en')).toBeGreaterThan(score('good', 'en'));
  });

  it('reads "poco" + adjective as its opposite', () => {
    expect(label('un posto poco accogliente', 'it')).toBe('negative');
  });

  it('strengthen the leaning with "!" and capitals', () => {
    expect(score('Bello!!!', 'it')).toBeGreaterThan(score('Bello', 'it'));
    expect(score('che posto BELLO oggi', 'it')).toBeGreaterThan(score('che posto bello oggi', 'it'));
  });
});

describe('names, links and lexicon coverage', () => {
  it('scores nothing for names made of opinion words, in text or hashtags', () => {
    expect(label('La buona scuola di Renzi arriva in Senato', 'it')).toBe('neutral');
    expect(label('#labuonascuola oggi in aula', 'it')).toBe('neutral');
    expect(label('Super Bowl tonight', 'en')).toBe('neutral');
    expect(label('Una buona pizza a Napoli', 'it')).toBe('positive');
  });

  it('does not read a capitalized word inside a sentence as a lexicon word found by its stem', () => {
    // "Marco" shares its stem with "marcio" (rotten).
    expect(label('Oggi pranzo al porto con Marco', 'it')).toBe('neutral');
    expect(score('Oggi pranzo al porto con marco', 'it')).toBeLessThan(0);
    // Listed words keep their valence, capitalized or not, and sentence starts are not names.
    expect(label('Che giornata Fantastica a Camogli', 'it')).toBe('positive');
    expect(label('Bellissimi i colori del porto stasera', 'it')).toBe('positive');
  });

  it('scores nothing for opinion words in a run of capitalized words inside a sentence', () => {
    expect(label('Tickets for Scream Queens tonight', 'en')).toBe('neutral');
    expect(label('Ce soir on regarde Le Meilleur Pâtissier avec les enfants', 'fr')).toBe('neutral');
    expect(label('Stasera guardiamo Amici Miei con i bambini', 'it')).toBe('neutral');
    // A sentence's first word is capitalized by position, not as part of a name.
    expect(label('Happy Black Friday everyone', 'en')).toBe('positive');
    // A comma does not start a sentence: what follows it capitalized is a name.
    expect(label('Great news, Scream Queens is back', 'en')).toBe('positive');
    expect(label('Bellissima la Piazza Grande di Locarno', 'it')).toBe('positive');
  });

  it('weighs the words of a headline in Title Case at half, as with a link', () => {
    expect(score('Killer Robots Take Over The Final Season', 'en')).toBeGreaterThan(score('killer robots take over the final season', 'en'));
    expect(score('Killer Robots Take Over The Final Season', 'en')).toBeLessThan(0);
    expect(score('Un Disastro Annunciato Per La Città', 'it')).toBeGreaterThan(score('Un disastro annunciato per la città', 'it'));
  });

  it('weighs the words of a post that shares a link at half', () => {
    const plain = 'Nouvelle exposition intéressante à Lyon';
    const shared = `${plain} https://example.org/expo`;
    expect(label(plain, 'fr')).toBe('positive');
    expect(score(shared, 'fr')).toBeLessThan(score(plain, 'fr'));
    expect(score(shared, 'fr')).toBeGreaterThan(0);
  });

  it('knows slang and inflected forms the first lexicons missed', () => {
    expect(label('the parade was meh', 'en')).toBe('negative');
    expect(label('lmao this town', 'en')).toBe('positive');
    expect(label('Des espèces menacées', 'fr')).toBe('negative');
    expect(label('Les touristes sont furieuses', 'fr')).toBe('negative');
    expect(label('Le esposizioni sono bellissime', 'it')).toBe('positive');
  });

  it('does not read "mostra" (an exhibition) as "mostro"', () => {
    expect(score('Nuova mostra a Genova', 'it')).toBe(0);
  });
});

describe('boilerplate', () => {
  it('ignores links, mentions and retweet markers', () => {
    expect(label('RT @pessimo: https://example.com/orribile-disastro', 'it')).toBe('neutral');
    expect(label('http://bad.example/horrible', 'en')).toBe('neutral');
  });
});

describe('scoreSentiment', () => {
  it('never crashes on empty, emoji-only or symbol text, and says it is unsure', () => {
    for (const text of ['', '   ', '🏖️', '...', '#', '12345']) {
      const s = scoreSentiment(text, null);
      expect(s.label).toBe('neutral');
      expect(s.score).toBe(0);
      expect(s.confidence).toBeLessThan(0.2);
    }
  });

  it('keeps score in [-1, 1] and reports the language used', () => {
    const s = scoreSentiment('Stupendo stupendo stupendo!!!! 😍😍😍😍 #bellissimo #meraviglia', 'it-IT');
    expect(s.score).toBeLessThanOrEqual(1);
    expect(s.score).toBeGreaterThan(0.9);
    expect(s.lang).toBe('it');
    const n = scoreSentiment('Orribile, schifo, vergogna, disastro 🤮🤮', null);
    expect(n.score).toBeGreaterThanOrEqual(-1);
    expect(n.label).toBe('negative');
  });

  it('is more confident with more, agreeing evidence', () => {
    const weak = scoreSentiment('bello', 'it').confidence;
    const strong = scoreSentiment('bello, bellissimo, stupendo 😍', 'it').confidence;
    const mixed = scoreSentiment('bello, orribile, stupendo, schifo', 'it').confidence;
    expect(strong).toBeGreaterThan(weak);
    expect(strong).toBeGreaterThan(mixed);
  });
});
