import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createXProfiles } from '../../src/connectors/x/profiles.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, never } from '../helpers/connector.js';

// Shapes from docs.x.com: GET /2/users/by/username/:username?user.fields=public_metrics (a user, or 200 with errors[]).
const API = 'https://api.x.test';
const credentials = { bearerToken: 'AAAA-test', apiBase: API };

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('x official account', () => {
  it('reads public_metrics of the user; no engagement (timelines would spend the post cap)', async () => {
    server.use(
      http.get(`${API}/2/users/by/username/:username`, ({ request, params }) => {
        expect(params.username).toBe('comunegenova');
        expect(new URL(request.url).searchParams.get('user.fields')).toBe('public_metrics,protected');
        expect(request.headers.get('authorization')).toBe('Bearer AAAA-test');
        return HttpResponse.json({
          data: {
            id: '2244994945',
            name: 'Comune di Genova',
            username: 'comunegenova',
            protected: false,
            public_metrics: { followers_count: 583423, following_count: 2048, tweet_count: 14052, listed_count: 1672 },
          },
        });
      }),
    );
    expect(await createXProfiles(credentials, connectorDeps().deps).fetchProfile('comunegenova', never)).toEqual({
      kind: 'profile',
      followers: 583423,
      following: 2048,
      posts: 14052,
      engagementPerPost: null,
      recentPosts: null,
    });
  });

  it('reports an unknown user and a suspended one (200 with errors) as missing, never as zero', async () => {
    server.use(
      http.get(`${API}/2/users/by/username/:username`, ({ params }) =>
        HttpResponse.json({
          errors: [
            params.username === 'nessuno'
              ? {
                  value: 'nessuno',
                  detail: 'Could not find user with username: [nessuno].',
                  title: 'Not Found Error',
                  resource_type: 'user',
                  parameter: 'username',
                  resource_id: 'nessuno',
                  type: 'https://api.twitter.com/2/problems/resource-not-found',
                }
              : {
                  value: 'sospeso',
                  detail: 'User has been suspended: [sospeso].',
                  title: 'Forbidden',
                  resource_type: 'user',
                  parameter: 'username',
                  resource_id: 'sospeso',
                  type: 'https://api.twitter.com/2/problems/resource-not-found',
                },
          ],
        }),
      ),
    );
    const fetcher = createXProfiles(credentials, connectorDeps().deps);
    expect(await fetcher.fetchProfile('nessuno', never)).toMatchObject({ kind: 'missing', reason: 'not_found' });
    expect(await fetcher.fetchProfile('sospeso', never)).toMatchObject({ kind: 'missing', reason: 'suspended' });
  });

  it.each([
    [401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' }, 'unauthorized'],
    [403, { title: 'Forbidden', type: 'about:blank', status: 403, detail: 'Forbidden' }, 'forbidden'],
    [404, { title: 'Not Found', type: 'about:blank', status: 404, detail: 'Not Found' }, 'not_found'],
  ])('classifies %i as a permanent error (a 404 is a wrong apiBase, not a missing user)', async (status, body, reason) => {
    server.use(http.get(`${API}/2/users/by/username/:username`, () => HttpResponse.json(body, { status })));
    const err = await createXProfiles(credentials, connectorDeps().deps)
      .fetchProfile('comunegenova', never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'permanent', reason });
  });
});
