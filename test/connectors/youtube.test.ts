import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { YoutubeSourceConfig } from '../../src/connectors/youtube/platform.js';
import { createYoutubeConnector } from '../../src/connectors/youtube/index.js';
import { normalizeYoutubeVideo } from '../../src/connectors/youtube/normalize.js';
import { nextPacificMidnight, pacificDay } from '../../src/connectors/youtube/quota.js';
import type { Page } from '../../src/connectors/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import { ownFixture } from '../helpers/fixtures.js';
import { memoryLogger } from '../helpers/log.js';

const API = 'https://youtube.test/youtube/v3';
const T0 = new Date('2026-06-10T10:00:00Z'); // 03:00 in California
const MIDNIGHT_PACIFIC = '2026-06-11T07:00:00.000Z';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const source: YoutubeSourceConfig = {
  platform: 'youtube',
  schedule: '*/30 * * * *',
  warnAfterSilence: 86_400_000,
  maxPages: 5,
  apiKey: 'AIza-test-key',
  apiUrl: API,
  regionCode: 'IT',
  limit: 2,
  dailyQuota: 10_000,
  searchCost: 100,
};
const query = { campaignId: 'c', hashtags: ['orgoglioliguria', 'lamialiguria'], since: new Date('2026-06-09T00:00:00Z') };

function make(now = T0) {
  const logger = memoryLogger();
  const sleeps: number[] = [];
  const connector = createYoutubeConnector(source, { http: createHttpClient(), log: logger.log, now: () => now, sleep: async (ms) => void sleeps.push(ms) });
  return { connector, logger, sleeps };
}

async function collect(connector: ReturnType<typeof make>['connector'], cursor: string | null): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of connector.poll(query, cursor, new AbortController().signal)) pages.push(page);
  return pages;
}

function youtubeHandlers(requests: URL[], searchPages = ['search_p1.json', 'search_p2_last.json']) {
  return [
    http.get(`${API}/search`, ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      return HttpResponse.json(ownFixture('youtube', (url.searchParams.has('pageToken') ? searchPages[1] : searchPages[0]) as string));
    }),
    http.get(`${API}/videos`, ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      return HttpResponse.json(ownFixture('youtube', url.searchParams.get('id')?.startsWith('Xo2') ? 'videos_p1.json' : 'videos_p2.json'));
    }),
  ];
}

const cursorOf = (page: Page | undefined) => JSON.parse(page?.cursor ?? 'null');

describe('youtube connector', () => {
  it('searches newest-first, fetches statistics per page, and commits the mark when the walk ends', async () => {
    const requests: URL[] = [];
    server.use(...youtubeHandlers(requests));
    const pages = await collect(make().connector, null);

    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
    const [search] = requests;
    expect(search?.searchParams.get('q')).toBe('#orgoglioliguria|#lamialiguria');
    expect(search?.searchParams.get('order')).toBe('date');
    expect(search?.searchParams.get('regionCode')).toBe('IT');
    // An hour of overlap behind the mark: search indexes new videos late.
    expect(search?.searchParams.get('publishedAfter')).toBe('2026-06-08T23:00:00.000Z');
    expect(requests[1]?.pathname).toBe('/youtube/v3/videos');
    expect(requests[1]?.searchParams.get('id')).toBe('Xo2Lg7b1kQw,b7TqE3nZp0s');
    expect(requests[2]?.searchParams.get('pageToken')).toBe('CAIQAA');

    // Intermediate page: old mark, where to go on; last page: the newest publishedAt.
    expect(cursorOf(pages[0])).toMatchObject({ after: '2026-06-09T00:00:00.000Z', walk: { pageToken: 'CAIQAA', top: '2026-06-10T09:15:02.000Z' } });
    expect(cursorOf(pages[1])).toEqual({ v: 1, after: '2026-06-10T09:15:02.000Z', quota: { day: '2026-06-10', used: 202 } });
    expect(pages[1]?.rateLimit).toEqual({
      limit: 10_000,
      remaining: 9_798,
      resetAt: MIDNIGHT_PACIFIC,
      budgets: { quotaUnits: { used: 202, limit: 10_000, resetAt: MIDNIGHT_PACIFIC } },
    });
  });

  it('returns one empty page, spending one search, when nothing is new', async () => {
    const requests: URL[] = [];
    server.use(...youtubeHandlers(requests, ['search_empty.json', 'search_empty.json']));
    const cursor = JSON.stringify({ v: 1, after: '2026-06-10T09:15:02.000Z', quota: { day: '2026-06-10', used: 202 } });
    const pages = await collect(make().connector, cursor);
    expect(requests.map((u) => u.pathname)).toEqual(['/youtube/v3/search']);
    expect(pages).toHaveLength(1);
    expect(cursorOf(pages[0])).toEqual({ v: 1, after: '2026-06-10T09:15:02.000Z', quota: { day: '2026-06-10', used: 302 } });
  });

  it('stops before overdrawing the daily quota, pauses until midnight Pacific, and resumes the next day', async () => {
    const requests: URL[] = [];
    server.use(...youtubeHandlers(requests));
    const spent = JSON.stringify({
      v: 1,
      after: '2026-06-09T00:00:00.000Z',
      walk: { pageToken: 'CAIQAA', top: '2026-06-10T09:15:02.000Z' },
      quota: { day: '2026-06-10', used: 9_950 },
    });
    const { connector, logger } = make();
    const pages = await collect(connector, spent);
    expect(requests).toEqual([]);
    expect(pages).toEqual([{ items: [], cursor: spent, rateLimit: expect.objectContaining({ remaining: 0, resetAt: MIDNIGHT_PACIFIC }) }]);
    expect(logger.text()).toContain('youtube quota spent: source paused until reset');

    // After midnight Pacific the budget is whole again and the walk goes on where it stopped.
    const nextDay = make(new Date(Date.parse(MIDNIGHT_PACIFIC) + 60_000));
    const resumed = await collect(nextDay.connector, spent);
    expect(requests[0]?.searchParams.get('pageToken')).toBe('CAIQAA');
    expect(resumed.map((p) => p.items.length)).toEqual([1]);
    expect(cursorOf(resumed[0])).toEqual({ v: 1, after: '2026-06-10T09:15:02.000Z', quota: { day: '2026-06-11', used: 101 } });
  });

  it('restarts from the mark when a stored page token is refused', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(`${API}/search`, ({ request }) =>
        new URL(request.url).searchParams.get('pageToken') === 'STALE'
          ? HttpResponse.json(ownFixture('youtube', 'error_400_invalidPageToken.json'), { status: 400 })
          : undefined,
      ),
      ...youtubeHandlers(requests),
    );
    const stale = JSON.stringify({
      v: 1,
      after: '2026-06-09T00:00:00.000Z',
      walk: { pageToken: 'STALE', top: '2026-06-09T00:00:00.000Z' },
      quota: { day: '2026-06-10', used: 0 },
    });
    const pages = await collect(make().connector, stale);
    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
  });

  it('retries a 503 through the injected sleep', async () => {
    let failures = 1;
    const requests: URL[] = [];
    server.use(
      http.get(`${API}/videos`, () => (failures-- > 0 ? HttpResponse.json({ error: { code: 503, message: 'backendError' } }, { status: 503 }) : undefined)),
      ...youtubeHandlers(requests),
    );
    const { connector, sleeps } = make();
    const pages = await collect(connector, null);
    expect(sleeps).toHaveLength(1);
    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
  });

  it.each([
    [
      'error_403_quotaExceeded.json',
      403,
      { kind: 'transient', reason: 'quotaExceeded', retryAfterMs: Date.parse(MIDNIGHT_PACIFIC) - T0.getTime() },
      'midnight Pacific',
    ],
    ['error_400_keyInvalid.json', 400, { kind: 'permanent', reason: 'unauthorized' }, 'apiKey'],
    ['error_403_accessNotConfigured.json', 403, { kind: 'permanent', reason: 'forbidden' }, 'enable "YouTube Data API v3"'],
  ])('maps %s to the right error class without retrying', async (file, status, expected, says) => {
    let calls = 0;
    server.use(
      http.get(`${API}/search`, () => {
        calls += 1;
        return HttpResponse.json(ownFixture('youtube', file), { status });
      }),
    );
    const err = await collect(make().connector, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject(expected);
    expect((err as Error).message).toContain(says);
    expect((err as Error).message).not.toContain('<a href');
    expect(calls).toBe(1);
  });
});

describe('youtube normalizer', () => {
  const [camogli, portofino] = ownFixture('youtube', 'videos_p1.json').items;

  it('reads title and full description, string statistics, language and recording place', () => {
    expect(normalizeYoutubeVideo(camogli)).toEqual({
      kind: 'post',
      post: expect.objectContaining({
        platform: 'youtube',
        externalId: 'Xo2Lg7b1kQw',
        url: 'https://www.youtube.com/watch?v=Xo2Lg7b1kQw',
        authorId: 'UCq8gTzV3r1mC0nL9bWkE2pA',
        authorHandle: 'Liguria in Cammino',
        lang: 'it',
        createdAt: new Date('2026-06-10T09:15:02Z'),
        engagement: { likes: 96, reposts: 0, replies: 11, quotes: 0, views: 1532 },
        hashtags: ['orgoglioliguria', 'camogli', 'liguria'],
        geo: { lat: 44.3497, lon: 9.1553 },
        placeName: 'Camogli',
      }),
    });
    expect(normalizeYoutubeVideo(portofino)).toMatchObject({ kind: 'post', post: { lang: 'it-IT', engagement: { likes: 0, views: 310 }, geo: null } });
  });

  it('decodes HTML entities of escaped snippets', () => {
    const escaped = { ...camogli, snippet: { ...camogli.snippet, title: 'Camogli all&#39;alba &amp; il porto', description: '' } };
    const result = normalizeYoutubeVideo(escaped);
    expect(result.kind === 'post' && result.post.text).toBe("Camogli all'alba & il porto");
  });

  it('quarantines a search result: it has neither statistics nor a string id', () => {
    const result = normalizeYoutubeVideo(ownFixture('youtube', 'search_p1.json').items[0]);
    expect(result.kind).toBe('invalid');
  });
});

describe('youtube quota day', () => {
  it('resets at midnight Pacific, summer and winter time', () => {
    expect(nextPacificMidnight(T0).toISOString()).toBe(MIDNIGHT_PACIFIC);
    expect(nextPacificMidnight(new Date('2026-01-15T07:59:00Z')).toISOString()).toBe('2026-01-15T08:00:00.000Z');
    expect(pacificDay(new Date('2026-01-15T07:59:00Z'))).toBe('2026-01-14');
  });
});
