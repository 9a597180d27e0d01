import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mastodonSourceSchema, type MastodonSourceConfig } from '../../src/connectors/mastodon/platform.js';
import { createMastodonConnector } from '../../src/connectors/mastodon/index.js';
import { normalizeMastodonStatus } from '../../src/connectors/mastodon/normalize.js';
import type { Page } from '../../src/connectors/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import { silentLogger } from '../helpers/log.js';
import { idAtMs, mastodonStatus, tagTimelineHandler } from '../helpers/mastodon.js';

const BASE = 'https://mastodon.test';
const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

const T0 = Date.parse('2026-06-10T10:00:00Z');
const source: MastodonSourceConfig = mastodonSourceSchema.parse({
  platform: 'mastodon',
  instance: BASE,
  schedule: '* * * * *',
  maxPages: 20,
  limit: 3,
  local: false,
});
const sleeps: number[] = [];
const connector = createMastodonConnector(source, {
  http: createHttpClient(),
  log: silentLogger(),
  now: () => new Date(T0),
  sleep: async (ms) => void sleeps.push(ms),
});
const query = { campaignId: 'c', hashtags: ['orgoglioliguria', 'lamialiguria'], since: new Date(T0 - 3_600_000) };

async function collect(cursor: string | null): Promise<Page[]> {
  const pages: Page[] = [];
  for await (const page of connector.poll(query, cursor, new AbortController().signal)) pages.push(page);
  return pages;
}

describe('mastodon connector', () => {
  it('walks forward page by page from the cursor, oldest page first, until a short page', async () => {
    const statuses = Array.from({ length: 7 }, (_, i) => mastodonStatus(idAtMs(T0 - 600_000 + i * 1000, i)));
    const requests: string[] = [];
    server.use(tagTimelineHandler(BASE, () => statuses, { requests }));

    const pages = await collect(null);
    expect(pages.map((p) => p.items.length)).toEqual([3, 3, 1]);
    // Each page's cursor is its newest id, so a crash after any page resumes right after it.
    expect(pages.map((p) => p.cursor)).toEqual([statuses[2]?.id, statuses[5]?.id, statuses[6]?.id]);
    expect(requests[0]).toContain(`min_id=${idAtMs(T0 - 3_600_000)}`);
    expect(requests[0]).toContain('any%5B%5D=lamialiguria');
    expect(requests[1]).toContain(`min_id=${statuses[2]?.id}`);
    expect(pages[0]?.rateLimit).toEqual({ limit: 300, remaining: 299, resetAt: '2026-08-01T13:55:00.729285Z' });
  });

  it('returns one empty page with no cursor when nothing is new (no Link header)', async () => {
    const statuses = [mastodonStatus(idAtMs(T0 - 1000))];
    server.use(tagTimelineHandler(BASE, () => statuses));
    const pages = await collect(statuses[0]?.id ?? null);
    expect(pages).toHaveLength(1);
    expect(pages[0]).toMatchObject({ items: [], cursor: null });
  });

  it('compares ids beyond 2^53 exactly', async () => {
    const a = mastodonStatus('117020582251615632');
    const b = mastodonStatus('117020582251615633');
    server.use(tagTimelineHandler(BASE, () => [a, b]));
    const pages = await collect('117020582251615632');
    expect(pages[0]?.items).toHaveLength(1);
    expect(pages[0]?.cursor).toBe('117020582251615633');
  });

  it('retries a 503 with backoff, then succeeds', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/api/v1/timelines/tag/:tag`, () => {
        calls += 1;
        return calls < 3 ? HttpResponse.text('upstream down', { status: 503 }) : HttpResponse.json([]);
      }),
    );
    sleeps.length = 0;
    const pages = await collect(null);
    expect(calls).toBe(3);
    expect(sleeps).toHaveLength(2);
    expect(pages[0]?.items).toEqual([]);
  });

  it('maps 401 to a permanent error that says what to fix, without retrying', async () => {
    let calls = 0;
    server.use(
      http.get(`${BASE}/api/v1/timelines/tag/:tag`, () => {
        calls += 1;
        return HttpResponse.json({ error: 'アクセストークンは取り消されています' }, { status: 401 });
      }),
    );
    const err = await collect(null).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'permanent', reason: 'unauthorized' });
    expect((err as Error).message).toContain('accessToken');
    expect(calls).toBe(1);
  });

  it('maps 429 to a transient error that waits until X-RateLimit-Reset', async () => {
    server.use(
      http.get(`${BASE}/api/v1/timelines/tag/:tag`, () =>
        HttpResponse.json(
          { error: 'Too many requests' },
          { status: 429, headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': new Date(T0 + 120_000).toISOString() } },
        ),
      ),
    );
    const err = await collect(null).catch((e: unknown) => e);
    // Two minutes is beyond the retry policy's longest wait: the source is paused instead.
    expect(err).toMatchObject({ kind: 'transient', reason: 'rate_limited', retryAfterMs: 120_000 });
  });

  it('treats an HTML page with status 200 as a payload error', async () => {
    server.use(http.get(`${BASE}/api/v1/timelines/tag/:tag`, () => HttpResponse.html('<html><body>Maintenance</body></html>')));
    await expect(collect(null)).rejects.toMatchObject({ kind: 'payload', reason: 'invalid_json' });
  });
});

describe('mastodon normalizer', () => {
  it('turns HTML into text, keeps counts, and identifies the post by its uri', () => {
    const result = normalizeMastodonStatus(mastodonStatus('110446223051565765', { language: null }));
    expect(result.kind).toBe('post');
    if (result.kind !== 'post') return;
    expect(result.post).toMatchObject({
      platform: 'mastodon',
      externalId: 'https://mastodon.test/users/anna/statuses/110446223051565765',
      authorHandle: 'anna@mastodon.test',
      text: 'Che meraviglia #OrgoglioLiguria a Camogli & dintorni',
      lang: null,
      engagement: { likes: 2, reposts: 1, replies: 0, quotes: 0, views: null },
      hashtags: ['orgoglioliguria'],
    });
  });

  it('marks an item without created_at as invalid with the field named', () => {
    const { created_at: _drop, ...broken } = mastodonStatus('1');
    const result = normalizeMastodonStatus(broken);
    expect(result).toMatchObject({ kind: 'invalid' });
    expect(result.kind === 'invalid' && result.reason).toContain('created_at');
  });

  it('skips boosts: the original post is what counts', () => {
    const boost = mastodonStatus('2', { reblog: mastodonStatus('1') });
    expect(normalizeMastodonStatus(boost)).toEqual({ kind: 'skip', why: 'boost' });
  });
});
