import { ACCOUNT_COMPONENTS, type AccountComponent, type AccountPlatform, type AccountsConfig, type OfficialAccounts } from '../config/campaigns.js';
import { round, weightedScore } from '../leaderboard/score.js';
import { scoringPopulation } from '../leaderboard/standings.js';

/**
 * "Attrattiva digitale": the towns ranked by the reach of their official accounts, as a pure
 * function of the recorded series and the rules.
 *
 * Per account (only the handle configured now; rows of an old handle are ignored):
 * - current = its latest recorded day with a profile in the window; start = its earliest one.
 * - growth = current.followers − start.followers (needs two different days);
 *   posts per week = (current.posts − start.posts) × 7 / days between them.
 * Per town, over the accounts that have the figure (a missing account adds nothing, not 0):
 * - followers = Σ current followers; per 1,000 inhabitants = followers × 1000 / max(population, populationFloor);
 * - growth: absolute Σ Δ, relative Σ Δ / Σ start followers (same accounts);
 * - postsPerWeek = Σ per-account rates; engagementRate = 100 × Σ engagement per post / Σ followers
 *   (accounts that have both), i.e. interactions per post per 100 followers.
 * Score: scored values are relative growth (negative counts as 0), followers per 1,000, the
 * engagement rate, posts per week and followers; normalized = value / best among towns; score =
 * 100 × Σ weight × normalized / Σ weight, where both sums run over the components the town HAS:
 * a missing component is left out of the average, never counted as 0. `coverage` is the share
 * of the total weight the score rests on. A town with no weighted component has no score and
 * no rank and is listed last. Equal scores share a rank (1, 2, 2, 4); ties are listed by
 * followers, then name.
 */

export interface AccountSeriesRow {
  localityId: string;
  platform: string;
  handle: string;
  day: string;
  followers: number | null;
  following: number | null;
  postsCount: number | null;
  engagementPerPost: number | null;
  missingReason: string | null;
}

export interface AccountContender {
  id: string;
  name: string;
  code: string | null;
  population: number | null;
  accounts: OfficialAccounts;
}

export type AccountRankingRules = Pick<AccountsConfig, 'windowDays' | 'populationFloor' | 'weights'>;

export interface AccountFigures {
  platform: AccountPlatform;
  handle: string;
  /** The day the figures are from; null when no profile was recorded in the window. */
  day: string | null;
  followers: number | null;
  following: number | null;
  posts: number | null;
  engagementPerPost: number | null;
  followerGrowth: number | null;
  /** Why there are no figures (no profile in the window), or why the latest read failed. */
  missing: string | null;
}

export interface TownReach {
  rank: number | null;
  locality: Omit<AccountContender, 'accounts'>;
  score: number | null;
  coverage: number;
  figures: {
    followers: number | null;
    followersPerThousand: number | null;
    growth: { absolute: number | null; relative: number | null; days: number | null };
    postsPerWeek: number | null;
    engagementRate: number | null;
  };
  normalized: Record<AccountComponent, number | null>;
  accounts: AccountFigures[];
  /** Total followers per day over the accounts recorded that day. */
  series: Array<{ day: string; followers: number }>;
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** The window's first day, for `today` and the rules (inclusive: windowDays + 1 days of readings). */
export const windowStart = (today: string, windowDays: number) => addDays(today, -windowDays);

interface AccountCalc extends AccountFigures {
  startFollowers: number | null;
  postsPerWeek: number | null;
  spanDays: number | null;
}

function accountCalc(platform: AccountPlatform, handle: string, rows: readonly AccountSeriesRow[]): AccountCalc {
  const good = rows.filter((r) => r.missingReason === null);
  const last = rows.at(-1);
  const cur = good.at(-1);
  const first = good[0];
  const base = { platform, handle, startFollowers: null, postsPerWeek: null, followerGrowth: null, spanDays: null };
  if (!cur || !first) {
    return { ...base, day: null, followers: null, following: null, posts: null, engagementPerPost: null, missing: last?.missingReason ?? 'not_recorded' };
  }
  const span = daysBetween(first.day, cur.day);
  const grows = span > 0 && first.followers !== null && cur.followers !== null;
  const posts = span > 0 && first.postsCount !== null && cur.postsCount !== null ? ((cur.postsCount - first.postsCount) * 7) / span : null;
  return {
    platform,
    handle,
    day: cur.day,
    followers: cur.followers,
    following: cur.following,
    posts: cur.postsCount,
    engagementPerPost: cur.engagementPerPost,
    followerGrowth: grows ? (cur.followers as number) - (first.followers as number) : null,
    startFollowers: grows ? first.followers : null,
    postsPerWeek: posts,
    spanDays: grows ? span : null,
    missing: last && last !== cur ? last.missingReason : null,
  };
}

const sumOf = (values: Array<number | null>) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length > 0 ? present.reduce((s, v) => s + v, 0) : null;
};

export function computeAccountRanking(
  contenders: readonly AccountContender[],
  rows: readonly AccountSeriesRow[],
  rules: AccountRankingRules,
  today: string,
): TownReach[] {
  const from = windowStart(today, rules.windowDays);
  const inWindow = rows.filter((r) => r.day >= from && r.day <= today).sort((a, b) => a.day.localeCompare(b.day));

  const towns = contenders.map((town) => {
    const configured = (Object.entries(town.accounts) as Array<[AccountPlatform, string | undefined]>).filter((e): e is [AccountPlatform, string] =>
      Boolean(e[1]),
    );
    const mine = inWindow.filter((r) => r.localityId === town.id);
    const accounts = configured.map(([platform, handle]) =>
      accountCalc(
        platform,
        handle,
        mine.filter((r) => r.platform === platform && r.handle === handle),
      ),
    );
    const followers = sumOf(accounts.map((a) => a.followers));
    const growers = accounts.filter((a) => a.followerGrowth !== null);
    const startSum = sumOf(growers.map((a) => a.startFollowers));
    const absolute = sumOf(growers.map((a) => a.followerGrowth));
    const engaged = accounts.filter((a) => a.engagementPerPost !== null && a.followers !== null && a.followers > 0);
    const engagedFollowers = sumOf(engaged.map((a) => a.followers));
    const population = scoringPopulation(town.population, rules.populationFloor);
    const postsPerWeek = sumOf(accounts.map((a) => a.postsPerWeek));
    const figures: TownReach['figures'] = {
      followers,
      followersPerThousand: followers !== null && population !== null ? round((followers * 1000) / population, 2) : null,
      growth: {
        absolute,
        relative: absolute !== null && startSum !== null && startSum > 0 ? round(absolute / startSum) : null,
        days: growers.length > 0 ? Math.max(...growers.map((a) => a.spanDays as number)) : null,
      },
      postsPerWeek: postsPerWeek === null ? null : round(postsPerWeek, 2),
      engagementRate: engagedFollowers ? round((100 * (sumOf(engaged.map((a) => a.engagementPerPost)) as number)) / engagedFollowers) : null,
    };
    const series = [
      ...groupSum(mine.filter((r) => r.missingReason === null && r.followers !== null && configured.some(([p, h]) => p === r.platform && h === r.handle))),
    ]
      .map(([day, n]) => ({ day, followers: n }))
      .sort((a, b) => a.day.localeCompare(b.day));
    const { accounts: _, ...locality } = town;
    return {
      locality,
      figures,
      accounts: accounts.map(({ startFollowers: _s, postsPerWeek: _p, spanDays: _d, ...a }) => a),
      series,
    };
  });

  const scored = (c: AccountComponent, t: (typeof towns)[number]): number | null => {
    const f = t.figures;
    switch (c) {
      case 'growth':
        return f.growth.relative === null ? null : Math.max(0, f.growth.relative);
      case 'followersPerCapita':
        return f.followersPerThousand;
      case 'engagementRate':
        return f.engagementRate;
      case 'postsPerWeek':
        return f.postsPerWeek === null ? null : Math.max(0, f.postsPerWeek);
      case 'followers':
        return f.followers;
    }
  };
  const best = Object.fromEntries(ACCOUNT_COMPONENTS.map((c) => [c, Math.max(0, ...towns.map((t) => scored(c, t) ?? 0))])) as Record<AccountComponent, number>;
  const totalWeight = ACCOUNT_COMPONENTS.reduce((s, c) => s + rules.weights[c], 0);

  const ranked: TownReach[] = towns.map((t) => {
    const normalized = Object.fromEntries(
      ACCOUNT_COMPONENTS.map((c) => {
        const v = scored(c, t);
        return [c, v === null ? null : best[c] > 0 ? round(v / best[c]) : 0];
      }),
    ) as Record<AccountComponent, number | null>;
    const { score, weight } = weightedScore(ACCOUNT_COMPONENTS, rules.weights, normalized);
    return { rank: null, ...t, score, coverage: totalWeight > 0 ? round(weight / totalWeight) : 0, normalized };
  });

  ranked.sort(
    (a, b) =>
      (b.score ?? -1) - (a.score ?? -1) ||
      (b.figures.followers ?? -1) - (a.figures.followers ?? -1) ||
      a.locality.name.localeCompare(b.locality.name, 'it') ||
      a.locality.id.localeCompare(b.locality.id),
  );
  ranked.forEach((t, i) => {
    if (t.score === null) return;
    const prev = ranked[i - 1];
    t.rank = prev && prev.score === t.score ? prev.rank : i + 1;
  });
  return ranked;
}

function groupSum(rows: readonly AccountSeriesRow[]): Map<string, number> {
  const byDay = new Map<string, number>();
  for (const r of rows) byDay.set(r.day, (byDay.get(r.day) ?? 0) + (r.followers as number));
  return byDay;
}
