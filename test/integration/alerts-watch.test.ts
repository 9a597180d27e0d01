import { sql } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCampaign } from '../../src/analysis/analyze.js';
import { lagValue } from '../../src/alerts/baseline.js';
import type { DetectorState } from '../../src/alerts/detector.js';
import { alertPayloadSchema } from '../../src/alerts/payload.js';
import type { AlertsConfig, Campaign } from '../../src/config/campaigns.js';
import { queryRows } from '../../src/db/client.js';
import { listAlerts } from '../../src/db/outbox.js';
import { createHttpClient } from '../../src/http/client.js';
import { dispatchAlerts } from '../../src/jobs/dispatch-alerts.js';
import { HOSTILE_TEXT, ingestWatched } from '../helpers/alerts.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, makePost } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';

const SLACK = 'https://hooks.slack.test/services/T1/B1/watchsecret';
const BUCKET = 15 * 60_000;
const T0 = Date.parse('2026-06-08T00:00:00Z');

const campaign = campaignFromYaml(`
campaigns:
  - id: orgoglioliguria
    name: Orgoglio Liguria
    hashtags: ["#orgoglioliguria"]
    sources: [{ platform: mastodon, instance: "https://mastodon.test", schedule: "*/15 * * * *" }]
    localities:
      extra:
        - { name: Genova, code: "010025", hashtags: ["#genova"] }
        - { name: Camogli, code: "010007", hashtags: ["#camogli"] }
    alerts: { slackWebhook: ${SLACK}, leaderboardUrl: "https://campanile.test/leaderboard" }
`) as Campaign & { alerts: AlertsConfig };
const analyzer = prepareCampaign(campaign);
const SOURCE = 'orgoglioliguria/mastodon/mastodon.test';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

describe.each(BACKENDS)('spike detection in the ingest transaction (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  /** One poll starting at bucket `k`: a page with the posts created in the bucket before it. */
  async function poll(k: number, posts: { town: 'genova' | 'camogli'; text?: string; likes?: number; createdAt?: Date }[]) {
    const pollStartedAt = new Date(T0 + k * BUCKET);
    const normalized = posts.map((p, i) =>
      makePost({
        text: p.text ?? `Che bella giornata #orgoglioliguria #${p.town}`,
        hashtags: ['orgoglioliguria', p.town],
        createdAt: p.createdAt ?? new Date(pollStartedAt.getTime() - BUCKET + 60_000 * (i % 14)),
        engagement: { likes: p.likes ?? 1, reposts: 0, replies: 0, quotes: 0, views: null },
        url: `https://mastodon.test/@u/${k}-${i}`,
      }),
    );
    await ingestWatched(database.db, { campaign, analyzer, sourceKey: SOURCE, posts: normalized, cursor: `c${k}`, pollStartedAt });
  }

  const ordinary = (k: number) => [
    { town: 'genova' as const },
    ...(k % 3 === 0 ? [{ town: 'genova' as const }] : []),
    ...(k % 4 === 0 ? [{ town: 'camogli' as const }] : []),
  ];
  const DAY = 96;
  // A day of history and a few buckets: enough for the daily lags (±1 bucket) the baseline reads.
  const SPIKE = DAY + 6; // the bucket [SPIKE-1, SPIKE) carries the spike, polled at SPIKE

  it('queues one alert per spiking series, with the evidence, once', async () => {
    for (let k = 1; k < SPIKE; k++) await poll(k, ordinary(k));
    expect(await listAlerts(database.db)).toEqual([]);

    await poll(SPIKE, [
      ...ordinary(SPIKE),
      { town: 'camogli', text: `${HOSTILE_TEXT} #orgoglioliguria #camogli`, likes: 50 },
      ...Array.from({ length: 14 }, () => ({ town: 'camogli' as const })),
    ]);
    expect(await listAlerts(database.db)).toEqual([]); // the bucket is judged once it is complete
    for (let k = SPIKE + 1; k < SPIKE + 6; k++) await poll(k, ordinary(k));

    const rows = await listAlerts(database.db);
    expect(rows.map((r) => r.series).sort()).toEqual(['hashtag:orgoglioliguria', 'town:010007']);
    expect(rows.every((r) => r.status === 'pending' && r.destination === 'slack')).toBe(true);
    const [stored] = await queryRows<{ payload: unknown }>(database.db, sql`select payload from alerts where series = 'town:010007'`);
    const payload = alertPayloadSchema.parse(typeof stored?.payload === 'string' ? JSON.parse(stored.payload) : stored?.payload);
    expect(payload).toMatchObject({
      kind: 'townSpike',
      series: { key: 'town:010007', label: 'Camogli' },
      stage: 'start',
      bucketStart: new Date(T0 + (SPIKE - 1) * BUCKET).toISOString(),
      leaderboardUrl: 'https://campanile.test/leaderboard',
      regime: 'poisson',
    });
    expect(payload.observed).toBeGreaterThanOrEqual(15);
    expect(payload.lift).toBeGreaterThanOrEqual(3);
    expect(payload.topPosts[0]?.text).toContain('<!channel>');
    expect(payload.recent.at(-1)).toBe(payload.observed);
  });

  it('delivers it to Slack escaped, and a resend after a restart does not happen twice', async () => {
    const bodies: string[] = [];
    server.use(
      http.post(SLACK, async ({ request }) => {
        bodies.push(await request.text());
        return new HttpResponse('ok');
      }),
    );
    const deps = {
      db: database.db,
      http: createHttpClient(),
      log: silentLogger(),
      now: () => new Date(T0 + (SPIKE + 6) * BUCKET),
      sleep: async () => {},
      campaigns: [campaign],
    };
    await dispatchAlerts(deps, new AbortController().signal);
    await dispatchAlerts(deps, new AbortController().signal);
    await deps.http.close();
    expect(bodies).toHaveLength(2);
    const town = bodies.find((b) => b.includes('Camogli')) ?? '';
    expect(town).toContain('&lt;!channel&gt;');
    expect(town).not.toMatch(/<!channel>|<!here>|<@U/);
  });

  it('an outage is a gap: the backlog fetched on recovery raises no alert', async () => {
    const before = (await listAlerts(database.db)).length;
    const resume = SPIKE + 6 + 12; // three hours without a successful poll
    const backlog = Array.from({ length: 12 * 3 }, (_, i) => ({
      town: 'camogli' as const,
      createdAt: new Date(T0 + (resume - 12) * BUCKET + i * 5 * 60_000),
    }));
    await poll(resume, [...ordinary(resume), ...backlog]);
    for (let k = resume + 1; k < resume + 6; k++) await poll(k, ordinary(k));
    expect(await listAlerts(database.db)).toHaveLength(before);
    const [coverage] = await queryRows<{ state: unknown }>(database.db, sql`select state from detector_state where series = '*'`);
    const state = (typeof coverage?.state === 'string' ? JSON.parse(coverage.state) : coverage?.state) as { gaps: unknown[] };
    expect(state.gaps).toHaveLength(1);
    // The town's detector saw the outage's buckets as missing, not as zeros nor as the backlog.
    const [town] = await queryRows<{ state: unknown }>(database.db, sql`select state from detector_state where series = 'town:010007'`);
    const detector = (typeof town?.state === 'string' ? JSON.parse(town.state) : town?.state) as DetectorState;
    const recent = Array.from({ length: 24 }, (_, i) => lagValue(detector.history, 24 - i));
    expect(recent.filter((v) => v === null).length).toBeGreaterThanOrEqual(11);
  });
});
