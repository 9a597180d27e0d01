import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBlueskyConnector } from '../../src/connectors/bluesky/index.js';
import { blueskySourceSchema } from '../../src/connectors/bluesky/platform.js';
import type { SourceQuery } from '../../src/connectors/types.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, drain, fixture, never } from '../helpers/connector.js';

const PDS = 'https://pds.test';
const SEARCH = `${PDS}/xrpc/app.bsky.feed.searchPosts`;
const LOGIN = `${PDS}/xrpc/com.atproto.server.createSession`;
const REFRESH = `${PDS}/xrpc/com.atproto.server.refreshSession`;
const source = blueskySourceSchema.parse({
  platform: 'bluesky',
  schedule: '*/5 * * * *',
  service: PDS,
  identifier: 'campanile.bsky.social',
  appPassword: 'abcd-efgh-ijkl-mnop',
});
const query: SourceQuery = { campaignId: 'orgoglioliguria', hashtags: ['orgoglioliguria'], since: new Date('2026-06-01T00:00:00Z') };
const f = (name: string) => fixture<Record<string, unknown>>('bluesky', name);
const limits = { 'ratelimit-limit': '3000', 'ratelimit-remaining': '2983', 'ratelimit-reset': '1781118000', 'ratelimit-policy': '3000;w=300' };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** A PDS that serves page 1 then the last page, and counts logins and searches. */
function pds(overrides: { search?: (url: URL, auth: string | null) => Response | undefined } = {}) {
  const calls = { logins: 0, refreshes: 0, searches: [] as URL[], auths: [] as Array<string | null>, loginBodies: [] as unknown[] };
  server.use(
    http.post(LOGIN, async ({ request }) => {
      calls.logins += 1;
      calls.loginBodies.push(await request.json());
      return HttpResponse.json(f('session.json'), { headers: { 'ratelimit-limit': '10', 'ratelimit-remaining': '9', 'ratelimit-policy': '10;w=86400' } });
    }),
    http.post(REFRESH, ({ request }) => {
      calls.refreshes += 1;
      calls.auths.push(request.headers.get('authorization'));
      return HttpResponse.json(f('session-refreshed.json'));
    }),
    http.get(SEARCH, ({ request }) => {
      const url = new URL(request.url);
      calls.searches.push(url);
      calls.auths.push(request.headers.get('authorization'));
      const custom = overrides.search?.(url, request.headers.get('authorization'));
      if (custom) return custom;
      const page = url.searchParams.get('cursor') === '2' ? 'search-page2-last.json' : 'search-page1.json';
      return HttpResponse.json(f(page), { headers: limits });
    }),
  );
  return calls;
}

describe('bluesky connector', () => {
  it('logs in once, walks the pages newest-first and moves the mark only at the end of the walk', async () => {
    const calls = pds();
    const { deps } = connectorDeps();
    const { pages, error } = await drain(createBlueskyConnector(source, deps).poll(query, null, never));
    expect(error).toBeUndefined();
    expect(calls.logins).toBe(1);
    expect(calls.loginBodies[0]).toEqual({ identifier: 'campanile.bsky.social', password: 'abcd-efgh-ijkl-mnop' });
    expect(pages.map((p) => p.items.length)).toEqual([2, 2]);
    const first = calls.searches[0] as URL;
    expect(Object.fromEntries(first.searchParams)).toMatchObject({ q: '#orgoglioliguria', sort: 'latest', limit: '100', since: '2026-06-01T00:00:00.000Z' });
    expect(calls.searches[1]?.searchParams.get('cursor')).toBe('2');
    expect(calls.auths.every((a) => a === 'Bearer access-1')).toBe(true);
    // Mid-walk the mark stays unset and the walk's resume point is stored.
    expect(JSON.parse(pages[0]?.cursor as string)).toEqual({
      v: 1,
      tags: { orgoglioliguria: { mark: null, top: '2026-06-10T18:40:00.123Z', until: '2026-06-10T18:30:00.001Z' } },
    });
    // The last page commits the newest sortAt read in the walk.
    expect(JSON.parse(pages[1]?.cursor as string)).toEqual({ v: 1, tags: { orgoglioliguria: { mark: '2026-06-10T18:40:00.123Z' } } });
    expect(pages[0]?.rateLimit).toEqual({ limit: 3000, remaining: 2983, resetAt: new Date(1781118000 * 1000).toISOString() });
  });

  it('polls from the stored mark minus a margin, reuses the session and keeps the mark on an empty page', async () => {
    const calls = pds({ search: () => HttpResponse.json(f('search-empty.json'), { headers: limits }) });
    const { deps } = connectorDeps();
    const connector = createBlueskyConnector(source, deps);
    const stored = JSON.stringify({ v: 1, tags: { orgoglioliguria: { mark: '2026-06-10T18:40:00.123Z' } } });
    const one = await drain(connector.poll(query, stored, never));
    const two = await drain(connector.poll(query, one.pages[0]?.cursor ?? null, never));
    expect(calls.logins).toBe(1);
    expect(calls.searches.map((u) => u.searchParams.get('since'))).toEqual(['2026-06-10T18:35:00.123Z', '2026-06-10T18:35:00.123Z']);
    expect(two.pages).toHaveLength(1);
    expect(two.pages[0]?.items).toEqual([]);
    expect(two.pages[0]?.cursor).toBe(stored);
  });

  it('resumes a walk cut short by a crash instead of skipping what it had not reached', async () => {
    let failing = true;
    const calls = pds({
      search: (url) => (failing && url.searchParams.get('cursor') === '2' ? HttpResponse.json({ error: 'InternalServerError' }, { status: 502 }) : undefined),
    });
    const { deps, sleeps } = connectorDeps();
    const connector = createBlueskyConnector(source, deps);
    const crashed = await drain(connector.poll(query, null, never));
    expect(crashed.error).toBeInstanceOf(HttpError);
    expect((crashed.error as HttpError).kind).toBe('transient');
    expect(sleeps).toHaveLength(3); // four attempts, capped backoff, no real waiting
    expect(sleeps.every((ms) => ms <= 30_000)).toBe(true);

    failing = false;
    calls.searches.length = 0;
    const resumed = await drain(connector.poll(query, crashed.pages[0]?.cursor ?? null, never));
    const first = calls.searches[0] as URL;
    expect(first.searchParams.get('until')).toBe('2026-06-10T18:30:00.001Z');
    expect(first.searchParams.get('since')).toBe('2026-06-01T00:00:00.000Z');
    const last = resumed.pages.at(-1);
    expect(JSON.parse(last?.cursor as string).tags.orgoglioliguria).toEqual({ mark: '2026-06-10T18:40:00.123Z' });
  });

  it('refreshes an expired session and retries, without a new login', async () => {
    const calls = pds({
      search: (_url, auth) => (auth === 'Bearer access-1' ? HttpResponse.json(f('error-expired-token.json'), { status: 400 }) : undefined),
    });
    const { deps } = connectorDeps();
    const { pages, error } = await drain(createBlueskyConnector(source, deps).poll(query, null, never));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(2);
    expect(calls.logins).toBe(1);
    expect(calls.refreshes).toBe(1);
    expect(calls.auths).toContain('Bearer refresh-1');
    expect(calls.auths.at(-1)).toBe('Bearer access-2');
  });

  it('logs in again when the refresh token has expired too', async () => {
    const calls = pds({
      search: (_url, auth) => (calls.logins < 2 && auth === 'Bearer access-1' ? HttpResponse.json(f('error-expired-token.json'), { status: 401 }) : undefined),
    });
    server.use(http.post(REFRESH, () => HttpResponse.json(f('error-expired-token.json'), { status: 400 })));
    const { deps } = connectorDeps();
    const { error } = await drain(createBlueskyConnector(source, deps).poll(query, null, never));
    expect(error).toBeUndefined();
    expect(calls.logins).toBe(2);
  });

  it('marks the source failing with what to fix when the app password is refused', async () => {
    pds();
    server.use(http.post(LOGIN, () => HttpResponse.json(f('error-bad-login.json'), { status: 401 })));
    const { deps, sleeps } = connectorDeps();
    const { pages, error } = await drain(createBlueskyConnector(source, deps).poll(query, null, never));
    expect(pages).toEqual([]);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'permanent', reason: 'unauthorized' });
    expect((error as Error).message).toMatch(/appPassword.*App passwords/);
    expect(sleeps).toEqual([]);
  });

  it('pauses the source until the reset on a 429 instead of retrying in a loop', async () => {
    pds({
      search: () =>
        HttpResponse.json(f('error-rate-limited.json'), {
          status: 429,
          headers: { 'ratelimit-limit': '3000', 'ratelimit-remaining': '0', 'ratelimit-reset': String(Date.parse('2026-06-10T19:04:00Z') / 1000) },
        }),
    });
    const { deps, sleeps } = connectorDeps(new Date('2026-06-10T19:00:00Z'));
    const { error } = await drain(createBlueskyConnector(source, deps).poll(query, null, never));
    expect(error).toMatchObject({ kind: 'transient', reason: 'rate_limited', retryAfterMs: 240_000 });
    expect(sleeps).toEqual([]);
  });

  it('stops walking when the window is spent, reporting the reset so the poll job pauses the source', async () => {
    const spent = { ...limits, 'ratelimit-remaining': '0' };
    const calls = pds({ search: () => HttpResponse.json(f('search-page1.json'), { headers: spent }) });
    const { deps } = connectorDeps();
    const { pages } = await drain(createBlueskyConnector(source, deps).poll(query, null, never));
    expect(calls.searches).toHaveLength(1);
    expect(pages[0]?.rateLimit).toMatchObject({ remaining: 0, resetAt: new Date(1781118000 * 1000).toISOString() });
    expect(JSON.parse(pages[0]?.cursor as string).tags.orgoglioliguria.mark).toBeNull();
  });

  it('keeps a page with a malformed post: the bad item is quarantined, the others are posts', async () => {
    pds({ search: (url) => (url.searchParams.get('cursor') ? undefined : HttpResponse.json(f('search-with-malformed.json'), { headers: limits })) });
    const { deps } = connectorDeps();
    const connector = createBlueskyConnector(source, deps);
    const { pages } = await drain(connector.poll({ ...query }, null, never));
    const results = (pages[0]?.items ?? []).map((i) => connector.normalize(i));
    expect(results.map((r) => r.kind)).toEqual(['invalid', 'post']);
  });

  it('walks each hashtag separately, keeping one mark per tag', async () => {
    const calls = pds({ search: () => HttpResponse.json(f('search-page2-last.json'), { headers: limits }) });
    const { deps } = connectorDeps();
    const { pages } = await drain(createBlueskyConnector(source, deps).poll({ ...query, hashtags: ['orgoglioliguria', 'lamialiguria'] }, null, never));
    expect(calls.searches.map((u) => u.searchParams.get('q'))).toEqual(['#orgoglioliguria', '#lamialiguria']);
    expect(Object.keys(JSON.parse(pages[1]?.cursor as string).tags)).toEqual(['orgoglioliguria', 'lamialiguria']);
  });
});
