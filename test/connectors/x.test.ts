import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { xSourceSchema } from '../../src/connectors/x/platform.js';
import { createXConnector } from '../../src/connectors/x/index.js';
import type { SourceQuery } from '../../src/connectors/types.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, drain, fixture, never } from '../helpers/connector.js';

const API = 'https://api.x.test';
const SEARCH = `${API}/2/tweets/search/recent`;
const base = { platform: 'x', schedule: '*/15 * * * *', apiBase: API, bearerToken: 'AAAA-test-bearer' };
const source = xSourceSchema.parse(base);
const query: SourceQuery = { campaignId: 'orgoglioliguria', hashtags: ['orgoglioliguria'], since: new Date('2026-06-01T00:00:00Z') };
const NOW = new Date('2026-06-10T19:00:00Z');
const f = (name: string) => fixture<Record<string, unknown>>('x', name);
const RESET = String(Date.parse('2026-06-10T19:10:00Z') / 1000);
const limits = { 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': '448', 'x-rate-limit-reset': RESET };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function api(respond?: (url: URL) => Response | undefined) {
  const searches: URL[] = [];
  const auths: Array<string | null> = [];
  server.use(
    http.get(SEARCH, ({ request }) => {
      const url = new URL(request.url);
      searches.push(url);
      auths.push(request.headers.get('authorization'));
      const custom = respond?.(url);
      if (custom) return custom;
      const page = url.searchParams.get('next_token') ? 'search-page2-last-partial-errors.json' : 'search-page1.json';
      return HttpResponse.json(f(page), { headers: limits });
    }),
  );
  return { searches, auths };
}

describe('x connector', () => {
  it('walks next_token pages with expansions resolved and commits the newest id only at the end', async () => {
    const calls = api();
    const { deps } = connectorDeps(NOW);
    const connector = createXConnector(source, deps);
    const { pages, error } = await drain(connector.poll(query, null, never));
    expect(error).toBeUndefined();
    expect(calls.auths).toEqual(['Bearer AAAA-test-bearer', 'Bearer AAAA-test-bearer']);
    const first = Object.fromEntries(calls.searches[0]?.searchParams ?? []);
    expect(first).toMatchObject({
      query: '#orgoglioliguria -is:retweet',
      start_time: '2026-06-03T19:05:00Z',
      max_results: '100',
      expansions: 'author_id,geo.place_id',
    });
    expect(first['tweet.fields']).toContain('public_metrics');
    expect(calls.searches[1]?.searchParams.get('next_token')).toBe('b26v89c19zqg8o3fo7gesq314yb9l2l4ptqy8qjc4xbwd');

    expect(JSON.parse(pages[0]?.cursor as string)).toEqual({
      v: 1,
      mark: null,
      top: '2064780937786294273',
      until: '2064779377505206275',
      usage: { period: '2026-06-01T00:00:00.000Z', used: 3 },
    });
    expect(JSON.parse(pages[1]?.cursor as string)).toEqual({ v: 1, mark: '2064780937786294273', usage: { period: '2026-06-01T00:00:00.000Z', used: 5 } });
    expect(pages[0]?.rateLimit).toMatchObject({ limit: 450, remaining: 448, resetAt: '2026-06-10T19:10:00.000Z' });

    const results = pages.flatMap((p) => p.items).map((i) => connector.normalize(i));
    // A retweet is skipped, a 200 with errors[] keeps its good tweets, a tweet without author is quarantined.
    expect(results.map((r) => r.kind)).toEqual(['post', 'post', 'skip', 'post', 'invalid']);
    const first_ = results[0];
    expect(first_?.kind === 'post' && first_.post).toMatchObject({ authorHandle: 'zena_lover', authorFollowers: 1234, placeName: 'La Spezia, Liguria' });
  });

  it('polls from since_id and keeps the mark on an empty result', async () => {
    const calls = api(() => HttpResponse.json(f('search-empty.json'), { headers: limits }));
    const { deps } = connectorDeps(NOW);
    const stored = JSON.stringify({ v: 1, mark: '2064780937786294273' });
    const { pages } = await drain(createXConnector(source, deps).poll(query, stored, never));
    expect(calls.searches[0]?.searchParams.get('since_id')).toBe('2064780937786294273');
    expect(calls.searches[0]?.searchParams.has('start_time')).toBe(false);
    expect(pages).toHaveLength(1);
    expect(JSON.parse(pages[0]?.cursor as string).mark).toBe('2064780937786294273');
  });

  it('starts at the 7-day window when the stored mark has aged out of it', async () => {
    const calls = api(() => HttpResponse.json(f('search-empty.json'), { headers: limits }));
    const { deps } = connectorDeps(new Date('2026-07-30T00:00:00Z'));
    await drain(createXConnector(source, deps).poll(query, JSON.stringify({ v: 1, mark: '2064780937786294273' }), never));
    expect(calls.searches[0]?.searchParams.has('since_id')).toBe(false);
    expect(calls.searches[0]?.searchParams.get('start_time')).toBe('2026-07-23T00:05:00Z');
  });

  it('resumes a walk cut short by a crash with until_id, then commits the walk’s newest id', async () => {
    let failing = true;
    const calls = api((url) => (failing && url.searchParams.get('next_token') ? new HttpResponse('upstream', { status: 503 }) : undefined));
    const { deps, sleeps } = connectorDeps(NOW);
    const connector = createXConnector(source, deps);
    const crashed = await drain(connector.poll(query, JSON.stringify({ v: 1, mark: '2064678965867446272' }), never));
    expect(crashed.error).toMatchObject({ kind: 'transient' });
    expect(sleeps.length).toBe(3);
    failing = false;
    calls.searches.length = 0;
    const resumed = await drain(connector.poll(query, crashed.pages[0]?.cursor ?? null, never));
    expect(Object.fromEntries(calls.searches[0]?.searchParams ?? [])).toMatchObject({ since_id: '2064678965867446272', until_id: '2064779377505206275' });
    expect(JSON.parse(resumed.pages.at(-1)?.cursor as string).mark).toBe('2064780937786294273');
  });

  it('retries a connection reset with backoff and goes on', async () => {
    let failures = 1;
    api(() => (failures-- > 0 ? HttpResponse.error() : HttpResponse.json(f('search-empty.json'), { headers: limits })));
    const { deps, sleeps } = connectorDeps(NOW);
    const { pages, error } = await drain(createXConnector(source, deps).poll(query, null, never));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(sleeps).toHaveLength(1);
  });

  it('fails the source with what to fix on 401 and 403, without retrying', async () => {
    for (const [status, file, hint] of [
      [401, 'error-401.json', /bearerToken/],
      [403, 'error-403-client-not-enrolled.json', /Project whose plan includes recent search/],
    ] as const) {
      api(() => HttpResponse.json(f(file), { status }));
      const { deps, sleeps } = connectorDeps(NOW);
      const { error } = await drain(createXConnector(source, deps).poll(query, null, never));
      expect(error).toBeInstanceOf(HttpError);
      expect((error as HttpError).kind).toBe('permanent');
      expect((error as Error).message).toMatch(hint);
      expect(sleeps).toEqual([]);
    }
  });

  it('pauses until x-rate-limit-reset on a 429', async () => {
    api(() => HttpResponse.json(f('error-429.json'), { status: 429, headers: { ...limits, 'x-rate-limit-remaining': '0' } }));
    const { deps, sleeps } = connectorDeps(NOW);
    const { error } = await drain(createXConnector(source, deps).poll(query, null, never));
    expect(error).toMatchObject({ kind: 'transient', reason: 'rate_limited', retryAfterMs: 600_000 });
    expect(sleeps).toEqual([]);
  });

  it('does not retry a UsageCapExceeded 429: the source waits for the next billing period', async () => {
    const calls = api(() =>
      HttpResponse.json(f('error-429-usage-cap.json'), { status: 429, headers: { 'x-rate-limit-limit': '40000', 'x-rate-limit-remaining': '39999' } }),
    );
    const { deps, sleeps } = connectorDeps(NOW);
    const { error } = await drain(createXConnector(xSourceSchema.parse({ ...base, capResetDay: 15 }), deps).poll(query, null, never));
    expect(error).toMatchObject({ kind: 'transient', reason: 'usage_capped', retryAfterMs: Date.parse('2026-06-15T00:00:00Z') - NOW.getTime() });
    expect((error as Error).message).toContain('2026-06-15T00:00:00.000Z');
    expect(calls.searches).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('spends the monthly post cap it is given and stops before it runs out', async () => {
    const capped = xSourceSchema.parse({ ...base, monthlyPostCap: 4 });
    const calls = api();
    const { deps } = connectorDeps(NOW);
    const connector = createXConnector(capped, deps);
    const stored = JSON.stringify({ v: 1, mark: null, usage: { period: '2026-06-01T00:00:00.000Z', used: 1 } });
    const one = await drain(connector.poll(query, stored, never));
    expect(calls.searches[0]?.searchParams.get('max_results')).toBe('10');
    // 1 + 3 read = 4: the cap is spent, the walk stops and reports when it resets.
    expect(one.pages.at(-1)?.rateLimit).toMatchObject({ remaining: 0, resetAt: '2026-07-01T00:00:00.000Z', budgets: { monthlyPosts: { used: 4, limit: 4 } } });
    expect(calls.searches).toHaveLength(1);
    expect(one.pages.at(-1)?.cursor).toBeNull();
    const two = await drain(connector.poll(query, one.pages[0]?.cursor ?? null, never));
    expect(calls.searches).toHaveLength(1);
    expect(two.pages[0]?.rateLimit?.remaining).toBe(0);
  });
});
