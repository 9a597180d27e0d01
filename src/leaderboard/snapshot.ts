import { z } from 'zod';
import { accountsSectionSchema, type AccountsSection } from './accounts-section.js';
import { PAGE_LANGUAGES } from '../config/campaigns.js';
import { safeHttpUrl } from '../http/safe-url.js';
import { scoringPopulation, type Scoreboard } from './standings.js';

/**
 * The published leaderboard document. Bump SNAPSHOT_SCHEMA_VERSION on any incompatible change;
 * schema/snapshot.schema.json is generated from this (npm run schema:snapshot) and CI checks it.
 * v2: counted measures, top posts, coverage, fairness rules and the normalisation bases.
 * v2 (compatible addition): the optional `accounts` section, the towns' official accounts.
 * v2 (compatible additions, optional so that older stored snapshots still parse): `challenge.language`,
 * `standings[].neutralShare`, the series' cumulative counted values, `totals.sentiment`,
 * `coverage.posts`, and `view` (set by the endpoint on a re-scored view, never stored).
 */
export const SNAPSHOT_SCHEMA_VERSION = 2;

const componentValue = z.object({
  raw: z.number().describe('counted value over the window; sentiment: mean score in [-1, 1]'),
  perCapita: z.number().nullable().describe('per 1,000 inhabitants (population floored at rules.populationFloor); null when per-capita is off'),
  normalized: z.number().min(0).max(1).describe('scored value / scoring.best of this component'),
});
const components = z.object({ posts: componentValue, authors: componentValue, engagement: componentValue, sentiment: componentValue });
const weights = z.object({ posts: z.number(), authors: z.number(), engagement: z.number(), sentiment: z.number() });

const locality = z.object({
  id: z.string(),
  name: z.string(),
  code: z.string().nullable().describe('official code: ISTAT (Italy) or INSEE (France)'),
  population: z.number().int().nullable(),
});

const topPost = z.object({
  url: z.string().nullable(),
  platform: z.string(),
  externalId: z.string(),
  engagement: z.number().int(),
  createdAt: z.iso.datetime(),
  text: z.string().describe('the post text, untrusted: render as text, never as HTML; cut to 280 characters'),
  author: z.string().describe('the author handle, untrusted'),
  sentiment: z.enum(['positive', 'neutral', 'negative']).optional(),
});

const shares = z.object({
  positiveShare: z.number().min(0).max(1),
  neutralShare: z.number().min(0).max(1),
  negativeShare: z.number().min(0).max(1),
});

/** Posts of the challenge window: how the stored count becomes the counted one. */
export const postCoverage = z.object({
  stored: z.number().int().min(0).describe('every stored post of the campaign in the window'),
  counted: z.number().int().min(0).describe('posts attributed to a town and counted in its score (the sum of the standings)'),
  unattributed: z.number().int().min(0).describe('stored posts attributed to no town'),
  lowConfidence: z.number().int().min(0).describe('stored posts whose attribution was below the challenge minConfidence'),
});

const sourceCoverage = z.object({
  key: z.string(),
  platform: z.string(),
  healthy: z.boolean().describe('polled successfully and its last poll did not fail'),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastErrorAt: z.iso.datetime().nullable(),
  consecutiveFailures: z.number().int().min(0),
});

export const snapshotSchema = z.object({
  schemaVersion: z.literal(SNAPSHOT_SCHEMA_VERSION),
  challenge: z.object({
    id: z.string(),
    campaignId: z.string(),
    title: z.string(),
    language: z.enum(PAGE_LANGUAGES).optional().describe("the page's default language"),
  }),
  window: z.object({ start: z.iso.datetime(), end: z.iso.datetime().describe('exclusive'), timezone: z.string() }),
  generatedAt: z.iso.datetime(),
  rules: z.object({
    perCapita: z.boolean(),
    populationFloor: z.number().int().min(0),
    weights,
    capPerAuthorPerDay: z.number().int().nullable(),
    dedupeTexts: z.boolean(),
    excludedAccounts: z.number().int().min(0).describe('how many accounts are excluded'),
    minAccountAgeDays: z.number().int().nullable(),
    minFollowers: z.number().int().nullable(),
  }),
  scoring: z.object({
    best: weights.describe('best scored value per component among the towns'),
    formula: z.string(),
  }),
  standings: z.array(
    z.object({
      rank: z.number().int().positive(),
      locality,
      score: z.number(),
      components,
      positiveShare: z.number().min(0).max(1),
      neutralShare: z.number().min(0).max(1).optional(),
      negativeShare: z.number().min(0).max(1),
      /** Positive when the town climbed since the previous snapshot; null on its first appearance. */
      rankChange: z.number().int().nullable(),
      scoreChange: z.number().nullable(),
      topPosts: z.array(topPost),
    }),
  ),
  series: z.array(
    z.object({
      localityId: z.string(),
      hour: z.iso.datetime(),
      posts: z.number().int().describe('every stored post'),
      counted: z.number().int().describe('posts counted in the scores'),
      countedToDate: z.number().int().optional().describe('counted posts of this town from the window start to the end of this hour'),
      countedToDatePerCapita: z
        .number()
        .nullable()
        .optional()
        .describe('countedToDate per 1,000 inhabitants, population floored at rules.populationFloor; null when the population is unknown'),
    }),
  ),
  totals: z.object({
    posts: z.number().int().describe('every stored post of the campaign in the window'),
    countedPosts: z.number().int().describe('posts attributed to a town and counted in its score'),
    attributedPosts: z.number().int(),
    unattributedPosts: z.number().int(),
    engagement: z.number().int(),
    sentiment: shares.optional().describe('over the counted posts of every town'),
  }),
  coverage: z.object({
    complete: z.boolean().describe('every source healthy'),
    sources: z.array(sourceCoverage),
    posts: postCoverage.optional(),
  }),
  accounts: accountsSectionSchema.optional().describe('attrattiva digitale: the towns ranked by their official accounts; absent when no town lists one'),
  view: z
    .object({ scoring: z.enum(['raw', 'perCapita']), official: z.boolean() })
    .optional()
    .describe('set by GET /v1/challenges/:id/leaderboard?scoring=… when it answers the other scoring than the official one'),
});

export type Snapshot = z.infer<typeof snapshotSchema>;

export const SCORE_FORMULA =
  'score = 100 × Σ weights[c] × normalized[c] / Σ weights; normalized[c] = scored[c] / best[c]; ' +
  'scored = perCapita (or raw when per-capita is off) for posts, authors, engagement; (raw + 1) / 2 for sentiment (0 without posts). ' +
  'Equal scores share a rank; tied towns are listed by counted posts, distinct authors, name.';

export interface SnapshotInput {
  challenge: Snapshot['challenge'];
  window: Snapshot['window'];
  rules: Snapshot['rules'];
  generatedAt: Date;
  scoreboard: Scoreboard;
  series: Snapshot['series'];
  topPosts: readonly (z.infer<typeof topPost> & { localityId: string })[];
  /** Every stored post and engagement of the window, attributed or not, counted or not. */
  all: { posts: number; engagement: number };
  unattributed: { posts: number };
  /** Stored posts whose attribution was below the challenge's minimum confidence (0 where not measured). */
  lowConfidence?: { posts: number };
  /** Sentiment labels of the counted posts of every town. */
  countedSentiment: { positive: number; negative: number };
  coverage: Omit<Snapshot['coverage'], 'posts'>;
  previous: Snapshot | null;
  /** The official accounts ranking, when the campaign's towns list accounts. */
  accounts?: AccountsSection;
}

/** Pure: standings plus their movement since the previous snapshot. */
export function buildSnapshot(input: SnapshotInput): Snapshot {
  const before = new Map(input.previous?.standings.map((s) => [s.locality.id, s]) ?? []);
  const standings = input.scoreboard.standings.map((s) => {
    const prev = before.get(s.locality.id);
    return {
      ...s,
      rankChange: prev ? prev.rank - s.rank : null,
      scoreChange: prev ? Math.round((s.score - prev.score) * 100) / 100 : null,
      // Platform URLs are untrusted: only http(s) links without credentials are published.
      topPosts: input.topPosts.filter((p) => p.localityId === s.locality.id).map(({ localityId: _, ...p }) => ({ ...p, url: safeHttpUrl(p.url) })),
    };
  });
  const countedPosts = standings.reduce((n, s) => n + s.components.posts.raw, 0);
  const share = (n: number) => (countedPosts > 0 ? round4(n / countedPosts) : 0);
  const positiveShare = share(input.countedSentiment.positive);
  const negativeShare = share(input.countedSentiment.negative);
  return snapshotSchema.parse({
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    challenge: input.challenge,
    window: input.window,
    generatedAt: input.generatedAt.toISOString(),
    rules: input.rules,
    scoring: { best: input.scoreboard.best, formula: SCORE_FORMULA },
    standings,
    series: withCumulative(input.series, input.scoreboard, input.rules.populationFloor),
    totals: {
      posts: input.all.posts,
      countedPosts,
      attributedPosts: input.all.posts - input.unattributed.posts,
      unattributedPosts: input.unattributed.posts,
      engagement: input.all.engagement,
      sentiment: { positiveShare, neutralShare: countedPosts > 0 ? round4(Math.max(0, 1 - positiveShare - negativeShare)) : 0, negativeShare },
    },
    coverage: {
      ...input.coverage,
      posts: {
        stored: input.all.posts,
        counted: countedPosts,
        unattributed: input.unattributed.posts,
        lowConfidence: input.lowConfidence?.posts ?? 0,
      },
    },
    ...(input.accounts ? { accounts: input.accounts } : {}),
  });
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * Each point also carries its town's counted posts to date, raw and per 1,000 inhabitants with the
 * challenge's population floor: the chart draws exactly what the standings count (the page computes
 * nothing), and its last point per town equals the town's counted posts.
 */
function withCumulative(series: Snapshot['series'], scoreboard: Scoreboard, floor: number): Snapshot['series'] {
  const population = new Map(scoreboard.standings.map((s) => [s.locality.id, scoringPopulation(s.locality.population, floor)]));
  const sums = new Map<string, number>();
  const ordered = [...series].sort((a, b) => a.hour.localeCompare(b.hour) || a.localityId.localeCompare(b.localityId));
  return ordered.map((p) => {
    const sum = (sums.get(p.localityId) ?? 0) + p.counted;
    sums.set(p.localityId, sum);
    const divisor = population.get(p.localityId) ?? null;
    return { ...p, countedToDate: sum, countedToDatePerCapita: divisor === null ? null : round4((sum * 1000) / divisor) };
  });
}
