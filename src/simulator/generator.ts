/**
 * Deterministic synthetic posts for the demo and the integration tests: a challenge between
 * towns, with a steady background, a burst in one town, and the ground truth kept aside.
 */

export interface SimTown {
  name: string;
  hashtag: string;
  /** Relative share of the background volume. */
  weight: number;
}

export interface SimPost {
  seq: number;
  createdAt: Date;
  author: { id: string; username: string; displayName: string; followers: number; createdAt: Date };
  /** Plain text; the server renders it as Mastodon HTML. */
  text: string;
  tags: string[];
  lang: 'it' | 'en' | 'fr';
  town: string | null;
  likes: number;
  reblogs: number;
  replies: number;
}

export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const LIGURIAN_TOWNS: SimTown[] = [
  { name: 'Genova', hashtag: 'genova', weight: 10 },
  { name: 'La Spezia', hashtag: 'laspezia', weight: 4 },
  { name: 'Savona', hashtag: 'savona', weight: 3 },
  { name: 'Sanremo', hashtag: 'sanremo', weight: 3 },
  { name: 'Imperia', hashtag: 'imperia', weight: 2 },
  { name: 'Rapallo', hashtag: 'rapallo', weight: 2 },
  { name: 'Chiavari', hashtag: 'chiavari', weight: 2 },
  { name: 'Sestri Levante', hashtag: 'sestrilevante', weight: 2 },
  { name: 'Finale Ligure', hashtag: 'finaleligure', weight: 1.5 },
  { name: 'Lerici', hashtag: 'lerici', weight: 1.5 },
  { name: 'Camogli', hashtag: 'camogli', weight: 1.5 },
  { name: 'Portofino', hashtag: 'portofino', weight: 1 },
];

const POSITIVE = [
  'Che meraviglia {town} oggi, il mare è bellissimo!',
  'Tramonto stupendo a {town} ❤️',
  'Giornata perfetta a {town}, consigliatissimo',
  'Orgogliosa di vivere a {town}, la città più bella della Liguria',
  'Focaccia eccezionale e gente splendida a {town} 😍',
];
const NEUTRAL = ['Oggi a {town} per lavoro', 'Mercato del sabato a {town}', 'Treno per {town} in partenza alle 9'];
const NEGATIVE = ['Traffico terribile a {town}, che disastro', 'Spiaggia sporca a {town}, peccato davvero', 'Servizio pessimo in centro a {town} 😡'];

export interface GenerateOptions {
  seed: number;
  towns: readonly SimTown[];
  start: Date;
  end: Date;
  /** Background posts over the whole span. */
  count: number;
  campaignTag: string;
  authors?: number;
  burst?: { town: string; start: Date; end: Date; count: number };
  firstSeq?: number;
}

export function generatePosts(opts: GenerateOptions): SimPost[] {
  const rand = mulberry32(opts.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;
  const authorCount = opts.authors ?? 400;
  const authors = Array.from({ length: authorCount }, (_, i) => ({
    id: String(100_000 + i),
    username: `utente${i}`,
    displayName: `Utente ${i}`,
    followers: Math.floor(rand() * 2000),
    createdAt: new Date(Date.UTC(2018 + (i % 7), i % 12, 1 + (i % 28))),
  }));
  const totalWeight = opts.towns.reduce((s, t) => s + t.weight, 0);
  const pickTown = (): SimTown => {
    let r = rand() * totalWeight;
    for (const t of opts.towns) if ((r -= t.weight) <= 0) return t;
    return opts.towns[opts.towns.length - 1] as SimTown;
  };
  const span = opts.end.getTime() - opts.start.getTime();
  const posts: SimPost[] = [];
  let seq = opts.firstSeq ?? 0;

  const make = (town: SimTown | null, at: Date): SimPost => {
    const mood = rand();
    const template = mood < 0.55 ? pick(POSITIVE) : mood < 0.8 ? pick(NEUTRAL) : pick(NEGATIVE);
    const where = town?.name ?? 'Liguria';
    const style = rand();
    // A third name the town in a hashtag, a third only in the text, the rest both.
    const tags = [opts.campaignTag];
    if (town && style < 0.66) tags.push(town.hashtag);
    const text = `${template.replace('{town}', style < 0.33 && town ? 'qui' : where)} ${tags.map((t) => `#${t}`).join(' ')}`;
    return {
      seq: seq++,
      createdAt: at,
      author: authors[Math.floor(rand() ** 2 * authorCount)] as SimPost['author'],
      text,
      tags,
      lang: 'it',
      town: town?.name ?? null,
      likes: Math.floor(rand() * 40),
      reblogs: Math.floor(rand() * 8),
      replies: Math.floor(rand() * 5),
    };
  };

  for (let i = 0; i < opts.count; i++) {
    const at = new Date(opts.start.getTime() + Math.floor(rand() * span));
    posts.push(make(rand() < 0.92 ? pickTown() : null, at));
  }
  if (opts.burst) {
    const town = opts.towns.find((t) => t.name === opts.burst?.town) as SimTown;
    const bspan = opts.burst.end.getTime() - opts.burst.start.getTime();
    for (let i = 0; i < opts.burst.count; i++) {
      posts.push(make(town, new Date(opts.burst.start.getTime() + Math.floor(rand() * bspan))));
    }
  }
  return posts.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.seq - b.seq);
}

/**
 * #orgoglioliguria posts in the Ligurian towns over the last `hours`, up to a minute ago: what a
 * worker polling a simulated instance right now should find (the tests and benches that start one).
 */
export function recentLigurianPosts(opts: { seed: number; count: number; hours?: number }): SimPost[] {
  const now = Date.now();
  return generatePosts({
    seed: opts.seed,
    towns: LIGURIAN_TOWNS,
    start: new Date(now - (opts.hours ?? 1) * 3_600_000),
    end: new Date(now - 60_000),
    count: opts.count,
    campaignTag: 'orgoglioliguria',
  });
}
