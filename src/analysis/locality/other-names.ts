import type { GazetteerId } from './gazetteer.js';

/**
 * Names posts give big towns besides the official one, by official code: the town's name in the
 * other languages posts come in (English, French, Italian: "Milan", "Naples", "Marseilles") and
 * football clubs known by a name that is not the town's ("Juve", "Samp", "PSG", "OM"), since a
 * club is its town. Hand-kept, big towns and top-flight clubs only; names that are also ordinary
 * words of the country's language are left out ("Toro", "Viola", "Lazio" is a region, "Gênes").
 * A match between two clubs names two towns and attributes none, like any two towns.
 */
export const OTHER_NAMES: Record<GazetteerId, Readonly<Record<string, readonly string[]>>> = {
  it: {
    '015146': ['Milan', 'Inter', 'Internazionale'], // Milano
    '001272': ['Turin', 'Juventus', 'Juve'], // Torino
    '058091': ['Rome'], // Roma
    '063049': ['Naples'], // Napoli
    '048017': ['Florence', 'Fiorentina'], // Firenze
    '027042': ['Venice', 'Venise'], // Venezia
    '010025': ['Genoa', 'Sampdoria', 'Samp'], // Genova
    '028060': ['Padua', 'Padoue'], // Padova
    '023091': ['Vérone', 'Chievo'], // Verona
    '037006': ['Bologne'], // Bologna
    '082053': ['Palerme'], // Palermo
    '020030': ['Mantua', 'Mantoue'], // Mantova
    '052032': ['Sienne'], // Siena
    '050026': ['Pise'], // Pisa
    '089017': ['Syracuse'], // Siracusa
    '016024': ['Atalanta'], // Bergamo
    '030129': ['Udinese'], // Udine
  },
  fr: {
    '75056': ['Parigi', 'PSG'], // Paris
    '13055': ['Marseilles', 'Marsiglia', 'OM'], // Marseille
    '69123': ['Lyons', 'Lione', 'OL'], // Lyon
    '59350': ['LOSC'], // Lille
    '42218': ['ASSE'], // Saint-Étienne
    '59183': ['Dunkirk'], // Dunkerque
    '67482': ['Strasburgo'], // Strasbourg
    '06088': ['Nizza'], // Nice
  },
};
