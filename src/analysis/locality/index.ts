import type { Campaign, LocalityConfig } from '../../config/campaigns.js';
import type { Attribution, NormalizedPost } from '../../domain/types.js';
import { normalizeHashtag } from '../hashtags.js';
import { foldText } from '../text.js';

export interface Locality {
  id: string;
  name: string;
  code: string | null;
  population: number | null;
  /** Folded names and aliases, longest first. */
  names: string[];
  hashtags: string[];
  point: { lat: number; lon: number; radiusKm: number } | null;
}

export function slugify(name: string): string {
  return foldText(name).replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export function toLocality(config: LocalityConfig): Locality {
  const names = [config.name, ...config.aliases].map(foldText).sort((a, b) => b.length - a.length);
  return {
    id: config.id ?? config.code ?? slugify(config.name),
    name: config.name,
    code: config.code ?? null,
    population: config.population ?? null,
    names: [...new Set(names)],
    hashtags: config.hashtags.map(normalizeHashtag),
    point: config.point ?? null,
  };
}

export function campaignLocalities(campaign: Campaign): Locality[] {
  return campaign.localities.extra.map(toLocality);
}

export interface LocalityMatcher {
  localities: readonly Locality[];
  attribute(post: NormalizedPost): Attribution;
}

const NONE: Attribution = { localityId: null, method: 'none', confidence: 0 };
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * First rule that applies wins: coordinates within a locality's radius, a locality hashtag,
 * a mention of its name in the text, the author's profile location.
 */
export function createLocalityMatcher(localities: readonly Locality[]): LocalityMatcher {
  const byHashtag = new Map<string, Locality>();
  for (const l of localities) for (const tag of l.hashtags) byHashtag.set(tag, l);
  const nameEntries = localities
    .flatMap((l) => l.names.map((name) => ({ name, locality: l })))
    .sort((a, b) => b.name.length - a.name.length);
  const namePattern =
    nameEntries.length === 0
      ? null
      : new RegExp(`(?<![\\p{L}\\p{N}])(${nameEntries.map((e) => escapeRegExp(e.name)).join('|')})(?![\\p{L}\\p{N}])`, 'u');
  const byName = new Map(nameEntries.map((e) => [e.name, e.locality]));

  const findName = (text: string | null): Locality | undefined => {
    if (!text || !namePattern) return undefined;
    const m = namePattern.exec(foldText(text));
    return m ? byName.get(m[1] as string) : undefined;
  };

  return {
    localities,
    attribute(post) {
      if (post.geo) {
        const near = nearest(localities, post.geo);
        if (near) return { localityId: near.id, method: 'geo', confidence: 0.95 };
      }
      for (const tag of post.hashtags) {
        const l = byHashtag.get(tag);
        if (l) return { localityId: l.id, method: 'hashtag', confidence: 0.9 };
      }
      const inText = findName(post.text);
      if (inText) return { localityId: inText.id, method: 'text', confidence: 0.7 };
      const inProfile = findName(post.authorLocation);
      if (inProfile) return { localityId: inProfile.id, method: 'profile', confidence: 0.5 };
      return NONE;
    },
  };
}

function nearest(localities: readonly Locality[], at: { lat: number; lon: number }): Locality | undefined {
  let best: { l: Locality; km: number } | undefined;
  for (const l of localities) {
    if (!l.point) continue;
    const km = haversineKm(at, l.point);
    if (km <= l.point.radiusKm && (!best || km < best.km)) best = { l, km };
  }
  return best?.l;
}

export function haversineKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLon = (b.lon - a.lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}
