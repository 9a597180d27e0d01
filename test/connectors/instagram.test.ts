import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InstagramSourceConfig } from '../../src/connectors/instagram/platform.js';
import { createInstagramConnector } from '../../src/connectors/instagram/index.js';
import { normalizeInstagramMedia } from '../../src/connectors/instagram/normalize.js';
import type { Page } from '../../src/connectors/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import { ownFixture } from '../helpers/fixtures.js';
import { memoryLogger } from '../helpers/log.js';

const GRAPH = 'https://graph.facebook.test';
const V = `${GRAPH}/v21.0`;
const USER = '17841405309211844';
const TAG_ID = '17843853986012965';
const T0 = new Date('2026-06-10T10:00:00Z');
const DAY = 86_400_000;

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const source: InstagramSourceConfig = {
  platform: 'instagram',
  schedule: '0 * * * *',
  warnAfterSilence: 86_400_000,
  maxPages: 20,
  accessToken: 'IGQVJ-test-token',
  graphUrl: GRAPH,
  apiVersion: 'v21.0',
  userId: USER,
  limit: 3,
  hashtagBudget: 30,
};
const query = { campaignId: 'c', hashtags: ['orgoglioliguria'], since: new Date(T0.getTime() - DAY) };

function connectorAt(now: Date, overrides: Partial<InstagramSourceConfig> = {}) {
  const logger = memoryLogger();
  const sleeps: number[] = [];
  const connector = createInstagramConnector(
    { ...source, ...overrides },
    { http: createHttpClient(), log: logger.log, now: () => now, sleep: async (ms) => void sleeps.push(ms) },
  );
  return { connector, logger, sleeps };
}

async function collect(connector: ReturnType<typeof connectorAt>['connector'], cursor: string | null): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of connector.poll(query, cursor, new AbortController().signal)) pages.push(page);
  return pages;
}

/** Meta's hashtag endpoints: search, the account's recent searches, and two pages of media. */
function graphHandlers(calls: string[], media = ['recent_media_p1.json', 'recent_media_p2_last.json']) {
  return [
    http.get(`${V}/ig_hashtag_search`, ({ request }) => {
      calls.push(`search ${new URL(request.url).searchParams.get('q')}`);
      return HttpResponse.json(ownFixture('instagram', 'hashtag_search.json'));
    }),
    http.get(`${V}/${USER}/recently_searched_hashtags`, () => {
      calls.push('recently_searched');
      return HttpResponse.json(ownFixture('instagram', 'recently_searched_hashtags.json'));
    }),
    http.get(`${V}/${TAG_ID}/recent_media`, ({ request }) => {
      const url = new URL(request.url);
      calls.push(`media ${url.searchParams.get('after') ?? 'first'} auth=${request.headers.get('authorization')}`);
      const file = url.searchParams.has('after') ? media[1] : media[0];
      return HttpResponse.json(ownFixture('instagram', file as string), {
        headers: { 'x-app-usage': '{"call_count":28,"total_time":25,"total_cputime":25}' },
      });
    }),
  ];
}

const cursorOf = (page: Page | undefined) => JSON.parse(page?.cursor ?? 'null');

describe('instagram connector', () => {
  it('resolves the hashtag id once, then walks recent_media by paging.next to the last page', async () => {
    const calls: string[] = [];
    server.use(...graphHandlers(calls));
    const { connector } = connectorAt(T0);

    const pages = await collect(connector, null);
    expect(pages.map((p) => p.items.length)).toEqual([3, 2]);
    expect(calls).toEqual(['search orgoglioliguria', 'media first auth=Bearer IGQVJ-test-token', 'media QVFIUkZAfNmRfTV9TdFh2 auth=Bearer IGQVJ-test-token']);
    expect(cursorOf(pages[1])).toEqual({ v: 1, tags: { orgoglioliguria: { id: TAG_ID, usedAt: T0.toISOString() } } });
    expect(pages[0]?.rateLimit).toMatchObject({ limit: 100, remaining: 72, budgets: { hashtags: { used: 1, limit: 30 } } });

    // The id is static: the next poll goes straight to the media.
    calls.length = 0;
    await collect(connectorAt(new Date(T0.getTime() + 3_600_000)).connector, pages[1]?.cursor ?? null);
    expect(calls.filter((c) => c.startsWith('search'))).toEqual([]);
  });

  it('yields one empty page when the last 24 hours hold no media', async () => {
    const calls: string[] = [];
    server.use(...graphHandlers(calls, ['recent_media_empty.json', 'recent_media_empty.json']));
    const pages = await collect(connectorAt(T0).connector, null);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.items).toEqual([]);
  });

  it('stops the walk and pauses the source when X-App-Usage reaches 100%', async () => {
    const calls: string[] = [];
    server.use(
      http.get(`${V}/${TAG_ID}/recent_media`, () =>
        HttpResponse.json(ownFixture('instagram', 'recent_media_p1.json'), {
          headers: { 'x-app-usage': '{"call_count":100,"total_time":40,"total_cputime":12}' },
        }),
      ),
      ...graphHandlers(calls),
    );
    const { connector, logger } = connectorAt(T0);
    const pages = await collect(connector, null);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.rateLimit).toMatchObject({ limit: 100, remaining: 0, resetAt: new Date(T0.getTime() + 15 * 60_000).toISOString() });
    expect(logger.text()).toContain('instagram usage at 100%: walk stopped until reset');
  });

  describe('the 30-hashtags-per-7-days budget', () => {
    // 30 other tags this source searched two days ago, the oldest five days ago.
    const full = {
      v: 1,
      tags: Object.fromEntries(
        Array.from({ length: 30 }, (_, i) => [`tag${i}`, { id: `1784${i}`, usedAt: new Date(T0.getTime() - (i === 0 ? 5 : 2) * DAY).toISOString() }]),
      ),
    };

    it('skips a new hashtag when no slot is free and pauses the source until the oldest one frees', async () => {
      const calls: string[] = [];
      server.use(...graphHandlers(calls));
      const { connector, logger } = connectorAt(T0);
      const pages = await collect(connector, JSON.stringify(full));

      expect(calls).toEqual(['recently_searched']);
      const resetAt = new Date(T0.getTime() + 2 * DAY).toISOString();
      expect(pages).toEqual([
        { items: [], cursor: expect.any(String), rateLimit: { remaining: 0, resetAt, budgets: { hashtags: { used: 32, limit: 30, resetAt } } } },
      ]);
      expect(logger.text()).toContain('instagram hashtag budget spent: hashtags skipped until a slot frees');
    });

    it('resumes once the oldest hashtag has left the 7-day window', async () => {
      const calls: string[] = [];
      server.use(
        http.get(`${V}/${USER}/recently_searched_hashtags`, () => HttpResponse.json({ data: [] })),
        ...graphHandlers(calls),
      );
      const later = new Date(T0.getTime() + 2 * DAY + 1000);
      const pages = await collect(connectorAt(later).connector, JSON.stringify(full));
      expect(calls).toContain('search orgoglioliguria');
      expect(pages.map((p) => p.items.length)).toEqual([3, 2]);
      expect(pages[0]?.rateLimit?.budgets?.hashtags).toMatchObject({ used: 30, limit: 30 });
    });
  });

  it('retries a 500 with backoff through the injected sleep, then goes on', async () => {
    const calls: string[] = [];
    let failures = 2;
    server.use(
      http.get(`${V}/ig_hashtag_search`, () =>
        failures-- > 0 ? HttpResponse.text('Service Unavailable', { status: 503 }) : HttpResponse.json(ownFixture('instagram', 'hashtag_search.json')),
      ),
      ...graphHandlers(calls),
    );
    const { connector, sleeps } = connectorAt(T0);
    const pages = await collect(connector, null);
    expect(sleeps).toHaveLength(2);
    expect(pages.map((p) => p.items.length)).toEqual([3, 2]);
  });

  it.each([
    ['error_190_expired_token.json', 400, { kind: 'permanent', reason: 'unauthorized' }, 'accessToken'],
    ['error_10_public_content_access.json', 403, { kind: 'permanent', reason: 'forbidden' }, 'Instagram Public Content Access'],
    ['error_4_app_request_limit.json', 400, { kind: 'transient', reason: 'rate_limited', retryAfterMs: 19 * 60_000 }, 'rate limit'],
  ])('maps %s to the right error class without retrying', async (file, status, expected, says) => {
    let calls = 0;
    server.use(
      http.get(`${V}/ig_hashtag_search`, () => {
        calls += 1;
        return HttpResponse.json(ownFixture('instagram', file), {
          status,
          headers: {
            'x-business-use-case-usage':
              '{"17841405309211844":[{"type":"instagram","call_count":100,"total_cputime":5,"total_time":5,"estimated_time_to_regain_access":19}]}',
          },
        });
      }),
    );
    const err = await collect(connectorAt(T0).connector, null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject(expected);
    expect((err as Error).message).toContain(says);
    expect(calls).toBe(1);
  });

  it('signs every call with appsecret_proof when an app secret is configured', async () => {
    const proofs: Array<string | null> = [];
    server.use(
      http.get(`${V}/ig_hashtag_search`, ({ request }) => {
        proofs.push(new URL(request.url).searchParams.get('appsecret_proof'));
        return HttpResponse.json({ data: [] });
      }),
    );
    await collect(connectorAt(T0, { appSecret: 'app-secret' }).connector, null);
    // HMAC-SHA256 of the token keyed with the app secret.
    expect(proofs).toEqual(['3b6b2141ca1dbf0b2a810e150a642e26b3d0fbfc36986cb84d26880787418e0f']);
  });
});

describe('instagram normalizer', () => {
  const [first, hiddenLikes] = ownFixture('instagram', 'recent_media_p1.json').data;

  it('keeps the caption, counts, permalink and hashtags; the owner stays anonymous', () => {
    const result = normalizeInstagramMedia(first);
    expect(result).toEqual({
      kind: 'post',
      post: expect.objectContaining({
        platform: 'instagram',
        externalId: '18031425163090012',
        url: 'https://www.instagram.com/p/C7xQk2Lt0aB/',
        authorId: 'media:18031425163090012',
        text: 'Tramonto su Camogli 🌅 #OrgoglioLiguria #camogli #liguria',
        createdAt: new Date('2026-06-10T08:41:07Z'),
        engagement: { likes: 212, reposts: 0, replies: 14, quotes: 0, views: null },
        hashtags: ['orgoglioliguria', 'camogli', 'liguria'],
      }),
    });
  });

  it('counts hidden likes as zero', () => {
    const result = normalizeInstagramMedia(hiddenLikes);
    expect(result.kind === 'post' && result.post.engagement.likes).toBe(0);
  });

  it('quarantines a media without its timestamp, naming the field', () => {
    const noTime = ownFixture('instagram', 'recent_media_p2_last.json').data[1];
    const result = normalizeInstagramMedia(noTime);
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.reason).toContain('timestamp');
  });
});
