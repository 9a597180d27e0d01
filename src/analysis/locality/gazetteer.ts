/** One official municipality: a comune (ISTAT) or a commune (INSEE). */
export interface GazetteerEntry {
  /** ISTAT code ("010025") or INSEE code ("06088"); the locality id. */
  code: string;
  name: string;
  region: string;
  regionCode: string;
  /** Province (Italy) or département (France). */
  province: string;
  provinceCode: string;
  /** Province sigla ("GE"); null in France. */
  provinceAbbr: string | null;
  population: number | null;
}

export type GazetteerId = 'it' | 'fr';
