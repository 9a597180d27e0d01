import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FacebookSourceConfig } from '../../src/connectors/facebook/platform.js';
import { createFacebookConnector } from '../../src/connectors/facebook/index.js';
import { normalizeFacebookPost } from '../../src/connectors/facebook/normalize.js';
import type { Page } from '../../src/connectors/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import { ownFixture } from '../helpers/fixtures.js';
import { memoryLogger } from '../helpers/log.js';

const GRAPH = 'https://graph.facebook.test';
const PAGE = '104512345678901';
const POSTS = `${GRAPH}/v21.0/${PAGE}/posts`;
const T0 = new Date('2026-06-10T10:00:00Z');
const SINCE = Date.parse('2026-06-10T00:00:00Z') / 1000;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const source: FacebookSourceConfig = {
  platform: 'facebook',
  schedule: '*/15 * * * *',
  warnAfterSilence: 86_400_000,
  maxPages: 20,
  accessToken: 'EAAB-page-token',
  graphUrl: GRAPH,
  apiVersion: 'v21.0',
  pageId: PAGE,
  edge: 'posts',
  limit: 2,
};
const query = { campaignId: 'c', hashtags: ['orgoglioliguria'], since: new Date(SINCE * 1000) };

function make(overrides: Partial<FacebookSourceConfig> = {}) {
  const logger = memoryLogger();
  const sleeps: number[] = [];
  const connector = createFacebookConnector(
    { ...source, ...overrides },
    { http: createHttpClient(), log: logger.log, now: () => T0, sleep: async (ms) => void sleeps.push(ms) },
  );
  return { connector, logger, sleeps };
}

async function collect(connector: ReturnType<typeof make>['connector'], cursor: string | null): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of connector.poll(query, cursor, new AbortController().signal)) pages.push(page);
  return pages;
}

/** The page's posts edge: newest first; `until` in the URL means Meta's "next" (older) page. */
function postsHandler(requests: URL[], opts: { first?: string; older?: string; usage?: string } = {}) {
  return http.get(POSTS, ({ request }) => {
    const url = new URL(request.url);
    requests.push(url);
    const file = url.searchParams.has('until') ? (opts.older ?? 'posts_p2_last.json') : (opts.first ?? 'posts_p1.json');
    return HttpResponse.json(ownFixture('facebook', file), {
      headers: { 'x-app-usage': opts.usage ?? '{"call_count":12,"total_time":28,"total_cputime":9}' },
    });
  });
}

const cursorOf = (page: Page | undefined) => JSON.parse(page?.cursor ?? 'null');
const TOP = Date.parse('2026-06-10T09:30:12Z') / 1000;

describe('facebook connector', () => {
  it('walks newest-first to the last page and moves the mark only when the walk is complete', async () => {
    const requests: URL[] = [];
    server.use(postsHandler(requests));
    const pages = await collect(make().connector, null);

    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
    expect(requests[0]?.searchParams.get('since')).toBe(String(SINCE));
    expect(requests[0]?.searchParams.get('fields')).toContain('reactions.summary(total_count).limit(0)');
    // Intermediate page: the old mark stays, with where to go on; the token is never stored.
    const mid = cursorOf(pages[0]);
    expect(mid).toMatchObject({ v: 1, since: SINCE, walk: { top: TOP } });
    expect(mid.walk.next).toContain('until=1781074965');
    expect(mid.walk.next).not.toContain('access_token');
    expect(cursorOf(pages[1])).toEqual({ v: 1, since: TOP });
    expect(pages[0]?.rateLimit).toEqual({ limit: 100, remaining: 72, resetAt: undefined });
  });

  it('after a crash mid-walk, resumes at the older page instead of skipping it', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(POSTS, ({ request }) => (new URL(request.url).searchParams.has('until') ? HttpResponse.text('oops', { status: 502 }) : undefined)),
      postsHandler(requests),
    );
    const { connector, sleeps } = make();
    const seen: Page[] = [];
    const err = await (async () => {
      for await (const page of connector.poll(query, null, new AbortController().signal)) seen.push(page);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', status: 502 });
    expect(sleeps).toHaveLength(3);

    // The poll job stored page 1 with its cursor; the next poll starts at page 2.
    server.resetHandlers(postsHandler(requests));
    requests.length = 0;
    const pages = await collect(make().connector, seen[0]?.cursor ?? null);
    expect(requests.map((u) => u.searchParams.has('until'))).toEqual([true]);
    expect(pages.map((p) => p.items.length)).toEqual([1]);
    expect(cursorOf(pages[0])).toEqual({ v: 1, since: TOP });
  });

  it('returns one empty page and keeps the mark when nothing is new', async () => {
    server.use(postsHandler([], { first: 'posts_empty.json' }));
    const pages = await collect(make().connector, JSON.stringify({ v: 1, since: TOP }));
    expect(pages).toEqual([{ items: [], cursor: JSON.stringify({ v: 1, since: TOP }), rateLimit: expect.any(Object) }]);
  });

  it('restarts from the mark when a stored page token has expired', async () => {
    const requests: URL[] = [];
    server.use(
      http.get(POSTS, ({ request }) =>
        new URL(request.url).searchParams.get('__paging_token') === 'stale'
          ? HttpResponse.json(ownFixture('facebook', 'error_100_invalid_cursor.json'), { status: 400 })
          : undefined,
      ),
      postsHandler(requests),
    );
    const stale = { v: 1, since: SINCE, walk: { next: `${POSTS}?until=1781074965&__paging_token=stale`, top: TOP } };
    const { connector, logger } = make();
    const pages = await collect(connector, JSON.stringify(stale));
    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
    expect(logger.text()).toContain('facebook walk could not resume: restarting from the stored mark');
  });

  it('stops the walk when Meta reports 100% usage and says until when', async () => {
    server.use(
      http.get(POSTS, () =>
        HttpResponse.json(ownFixture('facebook', 'posts_p1.json'), {
          headers: {
            'x-business-use-case-usage': `{"${PAGE}":[{"type":"pages","call_count":100,"total_cputime":20,"total_time":25,"estimated_time_to_regain_access":7}]}`,
          },
        }),
      ),
    );
    const pages = await collect(make().connector, null);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.rateLimit).toEqual({ limit: 100, remaining: 0, resetAt: new Date(T0.getTime() + 7 * 60_000).toISOString() });
  });

  it.each([
    ['error_190_session_invalid.json', 400, { kind: 'permanent', reason: 'unauthorized' }, 'Page access token'],
    ['error_100_public_content_access.json', 400, { kind: 'permanent', reason: 'forbidden' }, 'appSecret'],
    ['error_32_page_request_limit.json', 400, { kind: 'transient', reason: 'rate_limited', retryAfterMs: 15 * 60_000 }, 'rate limit'],
  ])('maps %s to the right error class without retrying', async (file, status, expected, says) => {
    let calls = 0;
    server.use(
      http.get(POSTS, () => {
        calls += 1;
        return HttpResponse.json(ownFixture('facebook', file), { status });
      }),
    );
    const err = await collect(make().connector, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject(expected);
    expect((err as Error).message).toContain(says);
    expect(calls).toBe(1);
  });
});

describe('facebook normalizer', () => {
  const [withPlace, plain] = ownFixture('facebook', 'posts_p1.json').data;

  it('takes counts from the summaries, the author from `from` and geo from the place', () => {
    const result = normalizeFacebookPost(withPlace);
    expect(result).toEqual({
      kind: 'post',
      post: expect.objectContaining({
        platform: 'facebook',
        externalId: '104512345678901_912345678901234',
        authorId: '104512345678901',
        authorHandle: 'Comune di Camogli',
        createdAt: new Date('2026-06-10T09:30:12Z'),
        engagement: { likes: 341, reposts: 12, replies: 27, quotes: 0, views: null },
        hashtags: ['orgoglioliguria', 'camogli'],
        geo: { lat: 44.3497, lon: 9.1553 },
        placeName: 'Porto di Camogli',
      }),
    });
    expect(normalizeFacebookPost(plain)).toMatchObject({ kind: 'post', post: { engagement: { reposts: 0 }, geo: null, hashtags: [] } });
  });

  it('falls back to the page id in the post id when `from` was not requested', () => {
    const result = normalizeFacebookPost({ id: '4_10113477241177441', message: 'Happy July 4th!', created_time: '2021-07-04T19:50:58+0000' });
    expect(result).toMatchObject({ kind: 'post', post: { authorId: '4', url: 'https://www.facebook.com/4_10113477241177441' } });
  });

  it('quarantines a post without created_time', () => {
    const result = normalizeFacebookPost({ id: '4_1', message: 'x' });
    expect(result.kind === 'invalid' && result.reason).toContain('created_time');
  });
});
