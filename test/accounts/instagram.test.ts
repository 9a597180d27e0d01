import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createInstagramProfiles } from '../../src/connectors/meta/profiles.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, never } from '../helpers/connector.js';

// Shape from the IG User Business Discovery reference: GET /{ig-user-id}?fields=business_discovery.username(u){…}.
const GRAPH = 'https://graph.facebook.test';
const credentials = { accessToken: 'EAAtest', graphUrl: GRAPH, apiVersion: 'v21.0', userId: '17841405309211844' };
const graphError = (code: number, message: string, extra: Record<string, unknown> = {}) => ({
  error: { message, type: 'OAuthException', code, fbtrace_id: 'AbCdEf', ...extra },
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('instagram official account (business discovery)', () => {
  it('reads followers, follows, media count and the likes + comments of the latest media', async () => {
    server.use(
      http.get(`${GRAPH}/v21.0/17841405309211844`, ({ request }) => {
        const fields = new URL(request.url).searchParams.get('fields') ?? '';
        expect(fields).toBe(
          'business_discovery.username(comunedigenova){followers_count,follows_count,media_count,media.limit(20){like_count,comments_count}}',
        );
        expect(request.headers.get('authorization')).toBe('Bearer EAAtest');
        return HttpResponse.json({
          business_discovery: {
            followers_count: 267793,
            follows_count: 120,
            media_count: 1205,
            media: {
              data: [
                { comments_count: 50, like_count: 5837, id: '17858843269216389' },
                { comments_count: 11, like_count: 2997, id: '17894036119131554' },
                // Likes hidden by the owner: left out of the mean, not counted as 0.
                { comments_count: 9, id: '17894036119131555' },
              ],
              paging: { cursors: { after: 'QVFIUkx1' } },
            },
            id: '17841401441775531',
          },
          id: '17841405309211844',
        });
      }),
    );
    expect(await createInstagramProfiles(credentials, connectorDeps().deps, 20).fetchProfile('comunedigenova', never)).toEqual({
      kind: 'profile',
      followers: 267793,
      following: 120,
      posts: 1205,
      engagementPerPost: 4447.5,
      recentPosts: 2,
    });
  });

  it('reports an unknown or personal (not professional) account as missing, never as zero', async () => {
    server.use(
      http.get(`${GRAPH}/v21.0/17841405309211844`, () =>
        HttpResponse.json(
          graphError(110, 'Invalid user id', {
            error_subcode: 2207013,
            error_user_title: 'Cannot find User',
            error_user_msg: 'The user with username: privato cannot be found.',
          }),
          { status: 400 },
        ),
      ),
    );
    expect(await createInstagramProfiles(credentials, connectorDeps().deps, 20).fetchProfile('privato', never)).toMatchObject({
      kind: 'missing',
      reason: 'not_found',
    });
  });

  it.each([
    [401, graphError(190, 'Error validating access token: Session has expired'), 'unauthorized'],
    [403, graphError(10, 'Application does not have permission for this action'), 'forbidden'],
  ])('classifies %i as a permanent %s error', async (status, body, reason) => {
    server.use(http.get(`${GRAPH}/v21.0/17841405309211844`, () => HttpResponse.json(body, { status })));
    const err = await createInstagramProfiles(credentials, connectorDeps().deps, 20)
      .fetchProfile('comunedigenova', never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'permanent', reason });
  });

  it('classifies a 404 without a Graph error body as permanent', async () => {
    server.use(http.get(`${GRAPH}/v21.0/17841405309211844`, () => new HttpResponse('Not Found', { status: 404 })));
    const err = await createInstagramProfiles(credentials, connectorDeps().deps, 20)
      .fetchProfile('comunedigenova', never)
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'permanent', status: 404 });
  });
});
