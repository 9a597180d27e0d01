import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFacebookProfiles } from '../../src/connectors/meta/profiles.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, never } from '../helpers/connector.js';

// Shape from the Graph API Page reference: GET /{page-id}?fields=followers_count,fan_count,name.
const GRAPH = 'https://graph.facebook.test';
const credentials = { accessToken: 'EAApage', graphUrl: GRAPH, apiVersion: 'v21.0' };
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf', ...extra },
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('facebook official page', () => {
  it('reads followers_count (fan_count when followers are not given)', async () => {
    server.use(
      http.get(`${GRAPH}/v21.0/:page`, ({ params, request }) => {
        expect(new URL(request.url).searchParams.get('fields')).toBe('followers_count,fan_count,name');
        return HttpResponse.json(
          params.page === '123456789'
            ? { followers_count: 7500, fan_count: 7100, name: 'Comune di Lectoure', id: '123456789' }
            : { fan_count: 1700, name: 'Comune di Cecina', id: '987' },
        );
      }),
    );
    const fetcher = createFacebookProfiles(credentials, connectorDeps().deps);
    expect(await fetcher.fetchProfile('123456789', never)).toEqual({
      kind: 'profile',
      followers: 7500,
      following: null,
      posts: null,
      engagementPerPost: null,
      recentPosts: null,
    });
    expect(await fetcher.fetchProfile('987', never)).toMatchObject({ followers: 1700 });
  });

  it('reports an unknown page, and one whose counts the token may not read, as missing', async () => {
    server.use(
      http.get(`${GRAPH}/v21.0/:page`, ({ params }) =>
        params.page === 'nessuno'
          ? HttpResponse.json(
              graphError(
                100,
                "Unsupported get request. Object with ID 'nessuno' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
                { error_subcode: 33, type: 'GraphMethodException' },
              ),
              { status: 400 },
            )
          : HttpResponse.json({ name: 'Comune', id: '42' }),
      ),
    );
    const fetcher = createFacebookProfiles(credentials, connectorDeps().deps);
    expect(await fetcher.fetchProfile('nessuno', never)).toMatchObject({ kind: 'missing', reason: 'not_found' });
    expect(await fetcher.fetchProfile('42', never)).toMatchObject({ kind: 'missing', reason: 'forbidden' });
  });

  it.each([
    [401, graphError(190, 'Error validating access token: The session has been invalidated'), 'unauthorized'],
    [403, graphError(10, 'This endpoint requires the pages_read_engagement permission or the Page Public Metadata Access feature'), 'forbidden'],
  ])('classifies %i as a permanent %s error', async (status, body, reason) => {
    server.use(http.get(`${GRAPH}/v21.0/:page`, () => HttpResponse.json(body, { status })));
    const err = await createFacebookProfiles(credentials, connectorDeps().deps)
      .fetchProfile('123456789', never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'permanent', reason });
  });

  it('classifies a bare 404 as permanent', async () => {
    server.use(http.get(`${GRAPH}/v21.0/:page`, () => new HttpResponse('Not Found', { status: 404 })));
    const err = await createFacebookProfiles(credentials, connectorDeps().deps)
      .fetchProfile('123456789', never)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'permanent', status: 404 });
  });
});
