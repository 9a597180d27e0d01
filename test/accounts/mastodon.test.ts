import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMastodonProfiles } from '../../src/connectors/mastodon/profiles.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, never } from '../helpers/connector.js';

// Shapes from docs.joinmastodon.org: GET /api/v1/accounts/lookup → Account; GET /api/v1/accounts/:id/statuses → Status[].
const account = {
  id: '109302436954721982',
  username: 'comunegenova',
  acct: 'comunegenova',
  display_name: 'Comune di Genova',
  locked: false,
  bot: false,
  discoverable: true,
  group: false,
  created_at: '2022-11-08T00:00:00.000Z',
  note: '<p>Account ufficiale del Comune di Genova</p>',
  url: 'https://mastodon.uno/@comunegenova',
  uri: 'https://mastodon.uno/users/comunegenova',
  avatar: 'https://mastodon.uno/avatars/original/missing.png',
  followers_count: 7512,
  following_count: 81,
  statuses_count: 1402,
  last_status_at: '2026-06-09',
  emojis: [],
  fields: [],
};
const status = (favourites: number, reblogs: number, replies: number) => ({
  id: `1126${favourites}`,
  created_at: '2026-06-09T08:00:00.000Z',
  visibility: 'public',
  uri: `https://mastodon.uno/users/comunegenova/statuses/1126${favourites}`,
  content: '<p>Notizie</p>',
  favourites_count: favourites,
  reblogs_count: reblogs,
  replies_count: replies,
  account,
  reblog: null,
  tags: [],
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('mastodon official account', () => {
  it('reads followers, following and statuses from the lookup, engagement from the latest statuses', async () => {
    const seen: URL[] = [];
    server.use(
      http.get('https://mastodon.uno/api/v1/accounts/lookup', ({ request }) => {
        seen.push(new URL(request.url));
        return HttpResponse.json(account);
      }),
      http.get('https://mastodon.uno/api/v1/accounts/109302436954721982/statuses', ({ request }) => {
        seen.push(new URL(request.url));
        return HttpResponse.json([status(30, 6, 4), status(10, 2, 0)]);
      }),
    );
    const profile = await createMastodonProfiles(undefined, connectorDeps().deps, 20).fetchProfile('comunegenova@mastodon.uno', never);
    expect(profile).toEqual({ kind: 'profile', followers: 7512, following: 81, posts: 1402, engagementPerPost: 26, recentPosts: 2 });
    expect(seen[0]?.searchParams.get('acct')).toBe('comunegenova');
    expect(seen[1]?.searchParams.get('exclude_reblogs')).toBe('true');
  });

  it('looks the full handle up on the configured instance, with its token', async () => {
    let auth: string | null = null;
    server.use(
      http.get('https://social.example/api/v1/accounts/lookup', ({ request }) => {
        auth = request.headers.get('authorization');
        expect(new URL(request.url).searchParams.get('acct')).toBe('comunegenova@mastodon.uno');
        return HttpResponse.json(account);
      }),
      http.get('https://social.example/api/v1/accounts/:id/statuses', () => HttpResponse.json([])),
    );
    const profile = await createMastodonProfiles({ instance: 'https://social.example', accessToken: 'tok' }, connectorDeps().deps, 20).fetchProfile(
      'comunegenova@mastodon.uno',
      never,
    );
    expect(auth).toBe('Bearer tok');
    // No recent post: no engagement figure, not 0.
    expect(profile).toMatchObject({ kind: 'profile', followers: 7512, engagementPerPost: null, recentPosts: 0 });
  });

  it('reports an unknown account (404) and a suspended one as missing, never as zero', async () => {
    server.use(
      http.get('https://mastodon.uno/api/v1/accounts/lookup', ({ request }) =>
        new URL(request.url).searchParams.get('acct') === 'nessuno'
          ? HttpResponse.json({ error: 'Record not found' }, { status: 404 })
          : HttpResponse.json({ ...account, suspended: true, followers_count: 0 }),
      ),
    );
    const fetcher = createMastodonProfiles(undefined, connectorDeps().deps, 20);
    expect(await fetcher.fetchProfile('nessuno@mastodon.uno', never)).toMatchObject({ kind: 'missing', reason: 'not_found' });
    expect(await fetcher.fetchProfile('sospeso@mastodon.uno', never)).toMatchObject({ kind: 'missing', reason: 'suspended' });
  });

  it.each([
    [401, 'unauthorized'],
    [403, 'forbidden'],
  ])('classifies %i as a permanent %s error', async (status, reason) => {
    server.use(http.get('https://mastodon.uno/api/v1/accounts/lookup', () => HttpResponse.json({ error: 'This action is not allowed' }, { status })));
    const err = await createMastodonProfiles(undefined, connectorDeps().deps, 20)
      .fetchProfile('comunegenova@mastodon.uno', never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'permanent', reason });
  });
});
