/**
 * Simulated official accounts for the demo: deterministic profiles whose followers and posts
 * grow day by day. The simulators answer for the day set with `setDay`, so the demo can record
 * two weeks of history in a few seconds through the real fetchers and the real job.
 */

export interface SimAccountSpec {
  /** Followers on the epoch day, and gained per day after it. */
  followers: number;
  perDay: number;
  following: number;
  /** Posts on the epoch day, and published per day. */
  posts: number;
  postsPerDay: number;
  /** Mean interactions per post. */
  engagement: number;
}

export type SimPlatform = 'mastodon' | 'bluesky' | 'x';

export interface SimProfile {
  handle: string;
  id: string;
  followers: number;
  following: number;
  posts: number;
  /** Interactions of the latest posts, newest first. */
  recent: number[];
}

export interface SimProfiles {
  setDay(day: string): void;
  day(): string;
  /** The account as it is on the current day; null when the platform has no such account. */
  lookup(platform: SimPlatform, handle: string): SimProfile | null;
  byId(platform: SimPlatform, id: string): SimProfile | null;
}

const spec = (followers: number, perDay: number, engagement: number, postsPerDay = 1): SimAccountSpec => ({
  followers,
  perDay,
  following: Math.round(40 + followers / 200),
  posts: Math.round(followers / 4),
  postsPerDay,
  engagement,
});

/**
 * The demo towns' accounts: Genova is large and grows slowly, Camogli and Rapallo are small
 * and grow fast; Portofino's X handle does not exist (shown as missing, not zero).
 */
export const DEMO_ACCOUNTS: Record<SimPlatform, Record<string, SimAccountSpec>> = {
  mastodon: {
    comunegenova: spec(12_000, 9, 40, 3),
    comunelaspezia: spec(2_500, 4, 14, 2),
    comunesavona: spec(1_500, 2, 8),
    comunesanremo: spec(2_000, 6, 15, 2),
    comunerapallo: spec(900, 7, 12, 2),
    comunecamogli: spec(400, 9, 18, 2),
    comuneportofino: spec(300, 1, 6, 0.5),
    comunelerici: spec(500, 5, 9),
  },
  bluesky: {
    'comune.genova.it': spec(8_000, 7, 30, 2),
    'comune.laspezia.it': spec(1_800, 3, 10),
    'comune.sanremo.im.it': spec(1_500, 5, 11),
    'comune.rapallo.ge.it': spec(600, 5, 9),
    'comune.camogli.ge.it': spec(350, 8, 16, 2),
    'comune.lerici.sp.it': spec(400, 4, 7),
  },
  x: {
    comunegenova: spec(45_000, 14, 90, 4),
    comunelaspezia: spec(9_000, 6, 25, 2),
    comunesavona: spec(6_000, 3, 12),
    comunesanremo: spec(7_000, 8, 20, 2),
    comunerapallo: spec(2_500, 8, 10, 2),
    comunecamogli: spec(800, 12, 14, 2),
  },
};

const dayNumber = (day: string) => Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000);

/** A stable numeric id for a handle (FNV-1a), as platforms give accounts numeric ids. */
export function simAccountId(handle: string): string {
  let h = 0x811c9dc5;
  for (const ch of handle) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return String(100_000_000 + h);
}

/** The account on `day`, `days` after the epoch: linear growth, a small weekly swing in engagement. */
export function profileOn(handle: string, s: SimAccountSpec, days: number, recentCount = 20): SimProfile {
  const d = Math.max(0, days);
  const posts = Math.round(s.posts + s.postsPerDay * d);
  const recent = Array.from({ length: Math.min(recentCount, posts) }, (_, i) => Math.max(0, Math.round(s.engagement * (1 + 0.2 * Math.sin(d - i)))));
  return { handle, id: simAccountId(handle), followers: Math.round(s.followers + s.perDay * d), following: s.following, posts, recent };
}

export function createSimProfiles(epochDay: string, table: Record<SimPlatform, Record<string, SimAccountSpec>> = DEMO_ACCOUNTS): SimProfiles {
  let current = epochDay;
  const find = (platform: SimPlatform, handle: string) => {
    const s = table[platform][handle.toLowerCase()];
    return s ? profileOn(handle.toLowerCase(), s, dayNumber(current) - dayNumber(epochDay)) : null;
  };
  return {
    setDay: (day) => void (current = day),
    day: () => current,
    lookup: find,
    byId(platform, id) {
      const handle = Object.keys(table[platform]).find((h) => simAccountId(h) === id);
      return handle ? find(platform, handle) : null;
    },
  };
}
