import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { prepareCampaign } from '../../src/analysis/analyze.js';
import type { FacebookSourceConfig } from '../../src/connectors/facebook/platform.js';
import type { YoutubeSourceConfig } from '../../src/connectors/youtube/platform.js';
import { createConnector } from '../../src/connectors/index.js';
import { getSourceState } from '../../src/db/cursors.js';
import { createHttpClient } from '../../src/http/client.js';
import { pollSource, type PollTarget } from '../../src/jobs/poll-source.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML } from '../helpers/factories.js';
import { ownFixture } from '../helpers/fixtures.js';
import { memoryLogger } from '../helpers/log.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const T0 = new Date('2026-06-10T10:00:00Z');
const MIDNIGHT_PACIFIC = new Date('2026-06-11T07:00:00Z');
const campaign = campaignFromYaml(LIGURIA_YAML);

const youtube: YoutubeSourceConfig = {
  platform: 'youtube',
  schedule: '*/30 * * * *',
  warnAfterSilence: 86_400_000,
  maxPages: 5,
  apiKey: 'AIza-test-key',
  apiUrl: 'https://youtube.test/youtube/v3',
  limit: 2,
  // Room for exactly one walk of two pages (2 × (100 + 1) units).
  dailyQuota: 202,
  searchCost: 100,
};
const facebook: FacebookSourceConfig = {
  platform: 'facebook',
  schedule: '*/15 * * * *',
  warnAfterSilence: 86_400_000,
  maxPages: 5,
  accessToken: 'EAAB-page-token',
  graphUrl: 'https://graph.facebook.test',
  apiVersion: 'v21.0',
  pageId: '104512345678901',
  edge: 'posts',
  limit: 2,
};

function handlers() {
  return [
    http.get(`${youtube.apiUrl}/search`, ({ request }) =>
      HttpResponse.json(ownFixture('youtube', new URL(request.url).searchParams.has('pageToken') ? 'search_p2_last.json' : 'search_p1.json')),
    ),
    http.get(`${youtube.apiUrl}/videos`, ({ request }) =>
      HttpResponse.json(ownFixture('youtube', new URL(request.url).searchParams.get('id')?.startsWith('Xo2') ? 'videos_p1.json' : 'videos_p2.json')),
    ),
    http.get(`${facebook.graphUrl}/v21.0/${facebook.pageId}/posts`, ({ request }) =>
      HttpResponse.json(ownFixture('facebook', new URL(request.url).searchParams.has('until') ? 'posts_p2_last.json' : 'posts_p1.json')),
    ),
  ];
}

describe.each(BACKENDS)('platform budgets through the poll job on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('pauses only the source whose daily quota is spent, logs it, and resumes it after the reset', async () => {
    server.use(...handlers());
    let now = T0;
    const logger = memoryLogger();
    const deps = { http: createHttpClient(), log: logger.log, now: () => now, sleep: async () => {} };
    const target = (key: string, source: YoutubeSourceConfig | FacebookSourceConfig): PollTarget => ({
      key,
      campaign,
      analyzer: prepareCampaign(campaign),
      source,
      connector: createConnector(source, deps),
    });
    const yt = target('orgoglioliguria/youtube', youtube);
    const fb = target('orgoglioliguria/facebook', facebook);
    const run = (t: PollTarget) => pollSource(t, { db: database.db, log: logger.log, now: () => now }, new AbortController().signal);

    expect(await run(yt)).toMatchObject({ status: 'ok', pages: 2, inserted: 3 });
    const state = await getSourceState(database.db, yt.key);
    expect(state?.pausedUntil).toEqual(MIDNIGHT_PACIFIC);
    expect(state?.budget).toMatchObject({ limit: 202, remaining: 0, budgets: { quotaUnits: { used: 202, limit: 202 } } });

    // Later the same day: YouTube waits, Facebook goes on.
    now = new Date(T0.getTime() + 3_600_000);
    expect(await run(yt)).toMatchObject({ status: 'paused' });
    expect(await run(fb)).toMatchObject({ status: 'ok', inserted: 3 });

    // After midnight Pacific the quota is whole again.
    now = new Date(MIDNIGHT_PACIFIC.getTime() + 60_000);
    expect(await run(yt)).toMatchObject({ status: 'ok' });
    // A fresh day's budget, spent by this walk again, resetting at the following midnight.
    expect((await getSourceState(database.db, yt.key))?.budget).toMatchObject({ resetAt: '2026-06-12T07:00:00.000Z', budgets: { quotaUnits: { used: 202 } } });
    expect(logger.text()).toContain('rate limit spent: source paused until reset');
  });
});
