import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTiktokProfiles, TIKTOK_USER_FIELDS } from '../../src/connectors/tiktok/profiles.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, never } from '../helpers/connector.js';

// Shapes from the Research API reference: POST /v2/oauth/token/, POST /v2/research/user/info/ ({data, error}).
const API = 'https://open.tiktokapis.test';
const credentials = { clientKey: 'key', clientSecret: 'secret', apiUrl: API };
const ok = { code: 'ok', message: '', log_id: '20260610190000ABCDEF' };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

function token() {
  server.use(http.post(`${API}/v2/oauth/token/`, () => HttpResponse.json({ access_token: 'clt.test', expires_in: 7200, token_type: 'Bearer' })));
}

describe('tiktok official account (Research API user info)', () => {
  it('reads followers, following and videos with a client token', async () => {
    token();
    server.use(
      http.post(`${API}/v2/research/user/info/`, async ({ request }) => {
        expect(new URL(request.url).searchParams.get('fields')).toBe(TIKTOK_USER_FIELDS);
        expect(request.headers.get('authorization')).toBe('Bearer clt.test');
        expect(await request.json()).toEqual({ username: 'comunegenova' });
        return HttpResponse.json({
          data: { display_name: 'Comune di Genova', is_verified: false, follower_count: 1400, following_count: 73, likes_count: 91000, video_count: 120 },
          error: ok,
        });
      }),
    );
    expect(await createTiktokProfiles(credentials, connectorDeps().deps).fetchProfile('comunegenova', never)).toEqual({
      kind: 'profile',
      followers: 1400,
      following: 73,
      posts: 120,
      engagementPerPost: null,
      recentPosts: null,
    });
  });

  it('reports a private or unknown account as missing, never as zero', async () => {
    token();
    server.use(
      http.post(`${API}/v2/research/user/info/`, async ({ request }) => {
        const { username } = (await request.json()) as { username: string };
        const message = username === 'privato' ? 'The user is private and cannot be queried' : 'The user does not exist';
        return HttpResponse.json({ data: {}, error: { code: 'invalid_params', message, log_id: 'x' } }, { status: 400 });
      }),
    );
    const fetcher = createTiktokProfiles(credentials, connectorDeps().deps);
    expect(await fetcher.fetchProfile('privato', never)).toMatchObject({ kind: 'missing', reason: 'private' });
    expect(await fetcher.fetchProfile('nessuno', never)).toMatchObject({ kind: 'missing', reason: 'not_found' });
  });

  it.each([
    [401, 'access_token_invalid'],
    [403, 'scope_not_authorized'],
    [404, 'not_found'],
  ])('classifies %i as a permanent error (%s)', async (status, code) => {
    token();
    server.use(http.post(`${API}/v2/research/user/info/`, () => HttpResponse.json({ error: { code, message: 'refused', log_id: 'x' } }, { status })));
    const err = await createTiktokProfiles(credentials, connectorDeps().deps)
      .fetchProfile('comunegenova', never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'permanent', reason: code });
  });
});
