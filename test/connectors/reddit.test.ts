import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redditSourceSchema } from '../../src/connectors/reddit/platform.js';
import { createRedditConnector } from '../../src/connectors/reddit/index.js';
import type { SourceQuery } from '../../src/connectors/types.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, drain, fixture, never } from '../helpers/connector.js';

const AUTH = 'https://auth.reddit.test';
const API = 'https://oauth.reddit.test';
const base = {
  platform: 'reddit',
  schedule: '*/10 * * * *',
  authBase: AUTH,
  apiBase: API,
  clientId: 'client-id-1',
  clientSecret: 'client-secret-1',
  userAgent: 'server:campanile:0.1 (by /u/campanile-ops)',
  subreddits: ['liguria', 'genova'],
};
const source = redditSourceSchema.parse(base);
const query: SourceQuery = { campaignId: 'orgoglioliguria', hashtags: ['orgoglioliguria', 'lamialiguria'], since: new Date('2026-06-01T00:00:00Z') };
const NOW = new Date('2026-06-10T19:00:00Z');
const f = (name: string) => fixture<Record<string, unknown>>('reddit', name);
const limits = { 'x-ratelimit-remaining': '997.0', 'x-ratelimit-used': '3', 'x-ratelimit-reset': '415' };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function reddit(respond?: (url: URL) => Response | undefined) {
  const calls = {
    tokens: 0,
    tokenRequests: [] as Array<{ auth: string | null; ua: string | null; body: string }>,
    searches: [] as URL[],
    auths: [] as Array<string | null>,
  };
  server.use(
    http.post(`${AUTH}/api/v1/access_token`, async ({ request }) => {
      calls.tokens += 1;
      calls.tokenRequests.push({ auth: request.headers.get('authorization'), ua: request.headers.get('user-agent'), body: await request.text() });
      return HttpResponse.json(f('token.json'));
    }),
    http.get(/^https:\/\/oauth\.reddit\.test\/r\/liguria\+genova\/search/, ({ request }) => {
      const url = new URL(request.url);
      calls.searches.push(url);
      calls.auths.push(request.headers.get('authorization'));
      const custom = respond?.(url);
      if (custom) return custom;
      return HttpResponse.json(f(url.searchParams.get('after') === 't3_1l9zz02' ? 'search-page2-last.json' : 'search-page1.json'), { headers: limits });
    }),
  );
  return calls;
}

describe('reddit connector', () => {
  it('gets an app-only token once and walks sort=new pages, committing the mark at the end', async () => {
    const calls = reddit();
    const { deps } = connectorDeps(NOW);
    const connector = createRedditConnector(source, deps);
    const { pages, error } = await drain(connector.poll(query, null, never));
    expect(error).toBeUndefined();
    expect(calls.tokens).toBe(1);
    expect(calls.tokenRequests[0]).toEqual({
      auth: `Basic ${Buffer.from('client-id-1:client-secret-1').toString('base64')}`,
      ua: 'server:campanile:0.1 (by /u/campanile-ops)',
      body: 'grant_type=client_credentials',
    });
    expect(Object.fromEntries(calls.searches[0]?.searchParams ?? [])).toMatchObject({
      q: 'orgoglioliguria OR lamialiguria',
      sort: 'new',
      restrict_sr: 'on',
      limit: '100',
      raw_json: '1',
    });
    expect(calls.auths[0]).toMatch(/^Bearer eyJ/);
    expect(JSON.parse(pages[0]?.cursor as string)).toEqual({ v: 1, mark: null, top: 1781117100, after: 't3_1l9zz02' });
    expect(JSON.parse(pages[1]?.cursor as string)).toEqual({ v: 1, mark: 1781117100 });
    expect(pages[0]?.rateLimit).toEqual({ limit: 1000, remaining: 997, resetAt: new Date(NOW.getTime() + 415_000).toISOString() });
    const kinds = pages.flatMap((p) => p.items).map((i) => connector.normalize(i).kind);
    expect(kinds).toEqual(['post', 'post', 'skip', 'post']);
  });

  it('stops at posts older than the mark minus a margin, and reuses its token', async () => {
    const calls = reddit();
    const { deps } = connectorDeps(NOW);
    const connector = createRedditConnector(source, deps);
    // Mark at 18:50: page 1 holds 18:45 (inside the 10 min margin) and 18:35 (older): the walk ends there.
    const stored = JSON.stringify({ v: 1, mark: 1781117400 });
    const one = await drain(connector.poll(query, stored, never));
    expect(calls.searches).toHaveLength(1);
    expect(one.pages[0]?.items).toHaveLength(1);
    expect(JSON.parse(one.pages[0]?.cursor as string)).toEqual({ v: 1, mark: 1781117400 });
    await drain(connector.poll(query, one.pages[0]?.cursor ?? null, never));
    expect(calls.tokens).toBe(1);
  });

  it('resumes an interrupted walk after the last fullname it stored', async () => {
    let failing = true;
    const calls = reddit((url) => (failing && url.searchParams.get('after') ? HttpResponse.text('<html>502 Bad Gateway</html>', { status: 502 }) : undefined));
    const { deps } = connectorDeps(NOW);
    const connector = createRedditConnector(source, deps);
    const crashed = await drain(connector.poll(query, null, never));
    expect(crashed.error).toMatchObject({ kind: 'transient' });
    failing = false;
    calls.searches.length = 0;
    const resumed = await drain(connector.poll(query, crashed.pages[0]?.cursor ?? null, never));
    expect(calls.searches[0]?.searchParams.get('after')).toBe('t3_1l9zz02');
    expect(JSON.parse(resumed.pages.at(-1)?.cursor as string)).toEqual({ v: 1, mark: 1781117100 });
  });

  it('renews a token the API refuses before its expiry, once', async () => {
    let refused = 1;
    const calls = reddit(() =>
      refused-- > 0 ? HttpResponse.json(f('error-401.json'), { status: 401 }) : HttpResponse.json(f('search-empty.json'), { headers: limits }),
    );
    const { deps } = connectorDeps(NOW);
    const { error } = await drain(createRedditConnector(source, deps).poll(query, null, never));
    expect(error).toBeUndefined();
    expect(calls.tokens).toBe(2);
  });

  it('says which credentials to fix when the token endpoint refuses them (401 or a 200 with an error)', async () => {
    for (const [status, file] of [
      [401, 'error-401.json'],
      [200, 'token-invalid-grant.json'],
    ] as const) {
      reddit();
      server.use(http.post(`${AUTH}/api/v1/access_token`, () => HttpResponse.json(f(file), { status })));
      const { deps, sleeps } = connectorDeps(NOW);
      const { error } = await drain(createRedditConnector(source, deps).poll(query, null, never));
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ kind: 'permanent', reason: 'unauthorized' });
      expect((error as Error).message).toContain('clientId and clientSecret');
      expect(sleeps).toEqual([]);
    }
  });

  it('names the likely cause of a 403 (private or quarantined subreddit) and does not retry', async () => {
    reddit(() => HttpResponse.json(f('error-403.json'), { status: 403 }));
    const { deps, sleeps } = connectorDeps(NOW);
    const { error } = await drain(createRedditConnector(source, deps).poll(query, null, never));
    expect(error).toMatchObject({ kind: 'permanent', reason: 'forbidden' });
    expect((error as Error).message).toMatch(/private, quarantined or banned/);
    expect(sleeps).toEqual([]);
  });

  it('pauses for the window on a 429 and stops walking when the budget is spent', async () => {
    reddit(() =>
      HttpResponse.json(f('error-429.json'), {
        status: 429,
        headers: { 'x-ratelimit-remaining': '0.0', 'x-ratelimit-used': '1000', 'x-ratelimit-reset': '120' },
      }),
    );
    const a = connectorDeps(NOW);
    const limited = await drain(createRedditConnector(source, a.deps).poll(query, null, never));
    expect(limited.error).toMatchObject({ kind: 'transient', reason: 'rate_limited', retryAfterMs: 120_000 });
    expect(a.sleeps).toEqual([]);

    const calls = reddit(() => HttpResponse.json(f('search-page1.json'), { headers: { ...limits, 'x-ratelimit-remaining': '0.0' } }));
    const b = connectorDeps(NOW);
    const spent = await drain(createRedditConnector(source, b.deps).poll(query, null, never));
    expect(calls.searches).toHaveLength(1);
    expect(spent.pages[0]?.rateLimit?.remaining).toBe(0);
  });
});
