import { z } from 'zod';
import { campaignLocalities } from '../analysis/locality/index.js';
import { campaignStats, type VolumeSentiment } from '../db/stats.js';
import { challengeWindow } from '../leaderboard/window.js';
import { queryErrorReply } from './query.js';
import type { StatsResponse } from './stats-schema.js';
import { json, route, type Route, type ServerDeps } from './server.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const MAX_STATS_RANGE_DAYS = 92;
const DEFAULT_RANGE_MS = 7 * DAY;

const instant = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2026-06-01T00:00:00Z' });

export const statsQuerySchema = z
  .strictObject({
    from: instant.optional(),
    to: instant.optional(),
    bucket: z.enum(['hour', 'day']).default('day'),
  })
  .refine((q) => !q.from || !q.to || new Date(q.from) < new Date(q.to), { message: 'must be after from', path: ['to'] })
  .refine((q) => !q.from || !q.to || new Date(q.to).getTime() - new Date(q.from).getTime() <= MAX_STATS_RANGE_DAYS * DAY, {
    message: `the range may span at most ${MAX_STATS_RANGE_DAYS} days`,
    path: ['to'],
  });

const summary = (v: VolumeSentiment) => ({
  posts: v.posts,
  engagement: v.engagement,
  sentiment: {
    mean: v.posts > 0 ? round(v.sentimentSum / v.posts) : null,
    positiveShare: v.posts > 0 ? round(v.positive / v.posts) : null,
    negativeShare: v.posts > 0 ? round(v.negative / v.posts) : null,
  },
});
const round = (n: number) => Math.round(n * 10_000) / 10_000;

/**
 * GET /v1/campaigns/:id/stats?from=&to=&bucket=hour|day
 * Volume and sentiment per town and per platform plus a volume series. Defaults: the
 * challenge window, or the last 7 days; at most 92 days; unknown parameters are errors.
 */
export function statsRoutes(deps: ServerDeps): Route[] {
  return [
    route('/v1/campaigns/:id/stats', async ({ params, url }) => {
      const campaign = deps.campaigns.find((c) => c.id === params.id);
      if (!campaign) return json(404, { error: 'unknown campaign', campaign: params.id });
      const query = statsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) return queryErrorReply(query.error);

      const fallback = campaign.challenge ? challengeWindow(campaign.challenge) : null;
      const nextHour = Math.ceil(deps.now().getTime() / HOUR) * HOUR;
      const to = query.data.to ? new Date(query.data.to) : (fallback?.end ?? new Date(nextHour));
      const from = query.data.from ? new Date(query.data.from) : (fallback?.start ?? new Date(to.getTime() - DEFAULT_RANGE_MS));
      // Defaults can still disagree with one given bound; say which.
      const recheck = statsQuerySchema.safeParse({ from: from.toISOString(), to: to.toISOString(), bucket: query.data.bucket });
      if (!recheck.success) return queryErrorReply(recheck.error);

      const timeZone = campaign.challenge?.timezone ?? 'UTC';
      const stats = await campaignStats(deps.db, campaign.id, { start: from, end: to }, query.data.bucket, timeZone);
      const names = new Map(campaignLocalities(campaign).map((l) => [l.id, l.name]));
      const total = stats.byPlatform.reduce(
        (t, p) => ({
          posts: t.posts + p.posts,
          engagement: t.engagement + p.engagement,
          sentimentSum: t.sentimentSum + p.sentimentSum,
          positive: t.positive + p.positive,
          negative: t.negative + p.negative,
        }),
        { posts: 0, engagement: 0, sentimentSum: 0, positive: 0, negative: 0 },
      );
      const body: StatsResponse = {
        campaign: { id: campaign.id, name: campaign.name ?? campaign.id },
        range: { from: from.toISOString(), to: to.toISOString(), bucket: query.data.bucket, timezone: query.data.bucket === 'day' ? timeZone : 'UTC' },
        totals: summary(total),
        localities: stats.byLocality.map((l) => ({
          id: l.localityId === '' ? null : l.localityId,
          name: l.localityId === '' ? null : (names.get(l.localityId) ?? l.localityId),
          ...summary(l),
        })),
        platforms: stats.byPlatform.map((p) => ({ platform: p.platform, ...summary(p) })),
        series: stats.series,
      };
      return json(200, body, { 'access-control-allow-origin': '*' });
    }),
  ];
}
