import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TiktokSourceConfig } from '../../src/connectors/tiktok/platform.js';
import { createTiktokConnector } from '../../src/connectors/tiktok/index.js';
import { parseLosslessJson } from '../../src/connectors/tiktok/lossless-json.js';
import { normalizeTiktokVideo } from '../../src/connectors/tiktok/normalize.js';
import type { Page } from '../../src/connectors/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import { ownFixtureText } from '../helpers/fixtures.js';
import { memoryLogger } from '../helpers/log.js';

const API = 'https://tiktok.test';
const QUERY_URL = `${API}/v2/research/video/query/`;
const TOKEN_URL = `${API}/v2/oauth/token/`;
const T0 = new Date('2026-06-10T10:00:00Z');
const UTC_MIDNIGHT = '2026-06-11T00:00:00.000Z';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const source: TiktokSourceConfig = {
  platform: 'tiktok',
  schedule: '0 */6 * * *',
  warnAfterSilence: 86_400_000,
  maxPages: 10,
  clientKey: 'awtestkey',
  clientSecret: 'test-secret',
  apiUrl: API,
  regionCodes: ['IT'],
  maxCount: 2,
  dailyRequests: 1_000,
  lagDays: 3,
};
const query = (since = '2026-06-01T00:00:00Z') => ({ campaignId: 'c', hashtags: ['orgoglioliguria', 'lamialiguria'], since: new Date(since) });

/** Raw text, as TikTok sends it: ids are 19-digit JSON numbers. */
const raw = (file: string, status = 200) => new HttpResponse(ownFixtureText('tiktok', file), { status, headers: { 'content-type': 'application/json' } });

function make(now = T0) {
  const logger = memoryLogger();
  const sleeps: number[] = [];
  const connector = createTiktokConnector(source, { http: createHttpClient(), log: logger.log, now: () => now, sleep: async (ms) => void sleeps.push(ms) });
  return { connector, logger, sleeps };
}

async function collect(connector: ReturnType<typeof make>['connector'], cursor: string | null, since?: string): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of connector.poll(query(since), cursor, new AbortController().signal)) pages.push(page);
  return pages;
}

interface Seen {
  tokens: number;
  bodies: Array<Record<string, any>>;
  auth: Array<string | null>;
}

function tiktokHandlers(seen: Seen, pages: (body: Record<string, any>) => string = (b) => (b.search_id ? 'video_query_p2_last.json' : 'video_query_p1.json')) {
  return [
    http.post(TOKEN_URL, async ({ request }) => {
      seen.tokens += 1;
      const form = new URLSearchParams(await request.text());
      expect(form.get('grant_type')).toBe('client_credentials');
      return raw('token.json');
    }),
    http.post(QUERY_URL, async ({ request }) => {
      const body = (await request.json()) as Record<string, any>;
      seen.bodies.push(body);
      seen.auth.push(request.headers.get('authorization'));
      return raw(pages(body));
    }),
  ];
}

const fresh = (): Seen => ({ tokens: 0, bodies: [], auth: [] });
const cursorOf = (page: Page | undefined) => JSON.parse(page?.cursor ?? 'null');

describe('tiktok connector', () => {
  it('gets a client token once, pages with search_id + cursor, and keeps ids beyond 2^53 exact', async () => {
    const seen = fresh();
    server.use(...tiktokHandlers(seen));
    const { connector } = make();
    const pages = await collect(connector, null);

    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
    expect(seen.bodies[0]).toEqual({
      query: {
        and: [
          { operation: 'IN', field_name: 'hashtag_name', field_values: ['orgoglioliguria', 'lamialiguria'] },
          { operation: 'IN', field_name: 'region_code', field_values: ['IT'] },
        ],
      },
      start_date: '20260601',
      end_date: '20260610',
      max_count: 2,
      is_random: false,
      cursor: 0,
    });
    expect(seen.bodies[1]).toMatchObject({ cursor: 2, search_id: '7378512255920130091', start_date: '20260601' });
    expect(seen.auth).toEqual(['Bearer clt.example12345Example12345Example', 'Bearer clt.example12345Example12345Example']);
    expect(pages[0]?.items[0]).toMatchObject({ id: '7378412955834649889' });

    expect(cursorOf(pages[0])).toMatchObject({ from: '20260601', walk: { searchId: '7378512255920130091', cursor: 2 } });
    // Window done: the last lagDays are searched again next time (TikTok indexes late).
    expect(cursorOf(pages[1])).toEqual({ v: 1, from: '20260607', quota: { day: '2026-06-10', used: 2 } });
    expect(pages[1]?.rateLimit).toMatchObject({ limit: 1000, remaining: 998, resetAt: UTC_MIDNIGHT });

    // The token is cached until it expires.
    await collect(connector, pages[1]?.cursor ?? null);
    expect(seen.tokens).toBe(1);
    expect(seen.bodies.at(-1)).toMatchObject({ start_date: '20260607', end_date: '20260610' });
  });

  it('splits a long backfill into 30-day windows and yields an empty page for each empty one', async () => {
    const seen = fresh();
    server.use(...tiktokHandlers(seen, () => 'video_query_empty.json'));
    const pages = await collect(make().connector, null, '2026-04-01T00:00:00Z');
    expect(seen.bodies.map((b) => [b.start_date, b.end_date])).toEqual([
      ['20260401', '20260430'],
      ['20260501', '20260530'],
      ['20260531', '20260610'],
    ]);
    expect(pages.every((p) => p.items.length === 0)).toBe(true);
    expect(cursorOf(pages.at(-1))).toMatchObject({ from: '20260607' });
  });

  it('after a crash mid-walk, resumes the same search at the stored cursor', async () => {
    const seen = fresh();
    server.use(
      http.post(QUERY_URL, async ({ request }) =>
        ((await request.clone().json()) as { search_id?: string }).search_id ? raw('video_query_p1.json', 500) : undefined,
      ),
      ...tiktokHandlers(seen),
    );
    const stored: Page[] = [];
    const err = await (async () => {
      for await (const page of make().connector.poll(query(), null, new AbortController().signal)) stored.push(page);
    })().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'transient', status: 500 });

    server.resetHandlers(...tiktokHandlers(seen));
    seen.bodies.length = 0;
    const pages = await collect(make().connector, stored[0]?.cursor ?? null);
    expect(seen.bodies[0]).toMatchObject({ search_id: '7378512255920130091', cursor: 2 });
    expect(pages.map((p) => p.items.length)).toEqual([1]);
  });

  it('searches the window again when the stored search_id has expired', async () => {
    const seen = fresh();
    server.use(
      http.post(QUERY_URL, async ({ request }) =>
        ((await request.clone().json()) as { search_id?: string }).search_id === 'expired' ? raw('error_invalid_params_search_id.json', 400) : undefined,
      ),
      ...tiktokHandlers(seen),
    );
    const cursor = JSON.stringify({
      v: 1,
      from: '20260601',
      walk: { start: '20260601', end: '20260610', searchId: 'expired', cursor: 2 },
      quota: { day: '2026-06-10', used: 0 },
    });
    const { connector, logger } = make();
    const pages = await collect(connector, cursor);
    expect(seen.bodies[0]).toMatchObject({ cursor: 0 });
    expect(seen.bodies[0]).not.toHaveProperty('search_id');
    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
    expect(logger.text()).toContain('tiktok walk could not resume: restarting the window');
  });

  it('asks for a new token once when TikTok refuses the cached one', async () => {
    const seen = fresh();
    let refused = 1;
    server.use(
      http.post(QUERY_URL, () => (refused-- > 0 ? raw('error_access_token_invalid.json', 401) : undefined)),
      ...tiktokHandlers(seen),
    );
    const pages = await collect(make().connector, null);
    expect(seen.tokens).toBe(2);
    expect(pages.map((p) => p.items.length)).toEqual([2, 1]);
  });

  it('keeps the videos of a 200 that also carries an error, and says so', async () => {
    const seen = fresh();
    server.use(...tiktokHandlers(seen, () => 'video_query_partial_error.json'));
    const { connector, logger } = make();
    const pages = await collect(connector, null);
    expect(pages.map((p) => p.items.length)).toEqual([1]);
    expect(logger.text()).toContain('tiktok page carried an error: its videos are kept');
  });

  it('stops at the daily request budget, pauses until 00:00 UTC, and resumes the next day', async () => {
    const seen = fresh();
    server.use(...tiktokHandlers(seen));
    const spent = JSON.stringify({ v: 1, from: '20260607', quota: { day: '2026-06-10', used: 1000 } });
    const { connector, logger } = make();
    const pages = await collect(connector, spent);
    expect(seen.bodies).toEqual([]);
    expect(pages).toEqual([{ items: [], cursor: spent, rateLimit: expect.objectContaining({ remaining: 0, resetAt: UTC_MIDNIGHT }) }]);
    expect(logger.text()).toContain('tiktok daily quota spent: source paused until reset');

    const resumed = await collect(make(new Date('2026-06-11T00:05:00Z')).connector, spent);
    expect(resumed.map((p) => p.items.length)).toEqual([2, 1]);
    expect(cursorOf(resumed.at(-1))).toMatchObject({ quota: { day: '2026-06-11', used: 2 } });
  });

  it.each([
    ['error_daily_quota_limit_exceeded.json', 429, { kind: 'transient', reason: 'daily_quota_limit_exceeded', retryAfterMs: 14 * 3_600_000 }, '00:00 UTC'],
    ['error_scope_not_authorized.json', 401, { kind: 'permanent', reason: 'scope_not_authorized' }, 'Research API'],
  ])('maps %s to the right error class', async (file, status, expected, says) => {
    const seen = fresh();
    server.use(
      http.post(QUERY_URL, () => raw(file, status)),
      ...tiktokHandlers(seen),
    );
    const err = await collect(make().connector, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject(expected);
    expect((err as Error).message).toContain(says);
  });

  it('fails with a message naming the credentials when the token request is refused', async () => {
    server.use(http.post(TOKEN_URL, () => raw('token_error_invalid_client.json', 200)));
    const err = await collect(make().connector, null).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'permanent', reason: 'unauthorized' });
    expect((err as Error).message).toContain('clientKey and clientSecret');
  });
});

describe('lossless JSON', () => {
  it('keeps 19-digit integers exact and leaves strings, small numbers and fractions alone', () => {
    const text = '{"id":7378412955834649889,"n":-1234567890123456789,"s":"id 7378412955834649889","small":42,"f":0.12345678901234567,"e":1e17}';
    expect(parseLosslessJson(text)).toEqual({
      id: '7378412955834649889',
      n: '-1234567890123456789',
      s: 'id 7378412955834649889',
      small: 42,
      // biome-ignore lint/correctness/noPrecisionLoss: the same literal JSON.parse reads from the text above
      f: 0.12345678901234567,
      e: 1e17,
    });
    // What plain JSON.parse would have stored:
    expect(String((JSON.parse(text) as { id: number }).id)).not.toBe('7378412955834649889');
  });

  it('handles escaped quotes inside strings', () => {
    expect(parseLosslessJson('["a \\" 1234567890123456789", 1234567890123456789]')).toEqual(['a " 1234567890123456789', '1234567890123456789']);
  });
});

describe('tiktok normalizer', () => {
  const [first] = (parseLosslessJson(ownFixtureText('tiktok', 'video_query_p1.json')) as { data: { videos: unknown[] } }).data.videos;

  it('builds the post from the exact id, the username and unix create_time', () => {
    expect(normalizeTiktokVideo(first)).toEqual({
      kind: 'post',
      post: expect.objectContaining({
        platform: 'tiktok',
        externalId: '7378412955834649889',
        url: 'https://www.tiktok.com/@camogli.vibes/video/7378412955834649889',
        authorId: 'user:camogli.vibes',
        authorHandle: 'camogli.vibes',
        createdAt: new Date('2026-06-10T09:00:00Z'),
        engagement: { likes: 1840, reposts: 52, replies: 36, quotes: 0, views: 24911 },
        hashtags: ['orgoglioliguria', 'camogli'],
      }),
    });
  });

  it("accepts `video_id` for `id`, as in TikTok's own example, and an anonymous author", () => {
    const result = normalizeTiktokVideo({ video_id: '702874395068494965', create_time: 1633823999, video_description: 'lol #pov' });
    expect(result).toMatchObject({ kind: 'post', post: { externalId: '702874395068494965', authorId: 'video:702874395068494965', url: null } });
  });

  it('refuses an id that JSON.parse already rounded', () => {
    // biome-ignore lint/correctness/noPrecisionLoss: the rounded id is what the test is about
    expect(normalizeTiktokVideo({ id: 702874395068494965, create_time: 1633823999 }).kind).toBe('invalid');
  });
});
