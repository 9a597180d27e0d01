import type { Match } from '../domain/types.js';

export interface RollupDelta {
  campaignId: string;
  localityId: string;
  hour: string;
  posts: number;
  engagement: number;
  sentimentSum: number;
  positive: number;
  negative: number;
  countedPosts: number;
  countedEngagement: number;
  countedSentimentSum: number;
  countedPositive: number;
  countedNegative: number;
}

export interface HashtagDelta {
  campaignId: string;
  hashtag: string;
  hour: string;
  posts: number;
}

export interface AuthorDayDelta {
  campaignId: string;
  localityId: string;
  authorKey: string;
  day: string;
  posts: number;
  counted: number;
}

export interface EngagementChange {
  campaignId: string;
  localityId: string;
  hour: string;
  delta: number;
  /** Whether the match counts in the scores; its engagement change then moves the counted total too. */
  counted?: boolean;
}

/** What the ingest decided about a new match: whether it counts and its day in the challenge's time zone. */
export type CountingOf = (m: Match) => { counted: boolean; day: string };

const everyPostCounts: CountingOf = (m) => ({ counted: true, day: dayOf(m.createdAt) });

export interface Deltas {
  rollups: RollupDelta[];
  hashtags: HashtagDelta[];
  authorDays: AuthorDayDelta[];
}

/** Identity of a match: (campaign, platform, external id). */
export const matchKey = (m: Pick<Match, 'campaignId' | 'platform' | 'externalId'>) => `${m.campaignId}\u0001${m.platform}\u0001${m.externalId}`;

export function hourOf(date: Date): string {
  return `${date.toISOString().slice(0, 13)}:00:00.000Z`;
}

export function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Folds newly stored matches and engagement changes of re-seen matches into the increments
 * that the rollup tables receive, one row per key (so one upsert statement per table).
 */
export function rollupDeltas(newMatches: readonly Match[], changes: readonly EngagementChange[], countingOf: CountingOf = everyPostCounts): Deltas {
  const rollups = new Map<string, RollupDelta>();
  const hashtags = new Map<string, HashtagDelta>();
  const authorDays = new Map<string, AuthorDayDelta>();

  const rollupRow = (campaignId: string, localityId: string, hour: string) => {
    const key = `${campaignId}\u0001${localityId}\u0001${hour}`;
    let row = rollups.get(key);
    if (!row) {
      row = {
        campaignId,
        localityId,
        hour,
        posts: 0,
        engagement: 0,
        sentimentSum: 0,
        positive: 0,
        negative: 0,
        countedPosts: 0,
        countedEngagement: 0,
        countedSentimentSum: 0,
        countedPositive: 0,
        countedNegative: 0,
      };
      rollups.set(key, row);
    }
    return row;
  };

  for (const m of newMatches) {
    const localityId = m.attribution.localityId ?? '';
    const hour = hourOf(m.createdAt);
    const row = rollupRow(m.campaignId, localityId, hour);
    row.posts += 1;
    row.engagement += m.engagement;
    row.sentimentSum += m.sentiment.score;
    if (m.sentiment.label === 'positive') row.positive += 1;
    if (m.sentiment.label === 'negative') row.negative += 1;
    const { counted, day } = countingOf(m);
    if (counted) {
      row.countedPosts += 1;
      row.countedEngagement += m.engagement;
      row.countedSentimentSum += m.sentiment.score;
      if (m.sentiment.label === 'positive') row.countedPositive += 1;
      if (m.sentiment.label === 'negative') row.countedNegative += 1;
    }

    for (const tag of m.hashtags) {
      const key = `${m.campaignId}\u0001${tag}\u0001${hour}`;
      const h = hashtags.get(key) ?? { campaignId: m.campaignId, hashtag: tag, hour, posts: 0 };
      h.posts += 1;
      hashtags.set(key, h);
    }

    const akey = `${m.campaignId}\u0001${localityId}\u0001${m.authorKey}\u0001${day}`;
    const a = authorDays.get(akey) ?? { campaignId: m.campaignId, localityId, authorKey: m.authorKey, day, posts: 0, counted: 0 };
    a.posts += 1;
    if (counted) a.counted += 1;
    authorDays.set(akey, a);
  }

  for (const c of changes) {
    if (c.delta === 0) continue;
    const row = rollupRow(c.campaignId, c.localityId, c.hour);
    row.engagement += c.delta;
    if (c.counted ?? true) row.countedEngagement += c.delta;
  }

  return {
    rollups: [...rollups.values()],
    hashtags: [...hashtags.values()],
    authorDays: [...authorDays.values()],
  };
}
