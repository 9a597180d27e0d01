import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createYoutubeProfiles } from '../../src/connectors/youtube/profiles.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, never } from '../helpers/connector.js';

// Shapes from the YouTube Data API v3 reference: channels.list (statistics, contentDetails), playlistItems.list, videos.list.
const API = 'https://youtube.test/youtube/v3';
const CHANNEL = 'UC_x5XG1OV2P6uZZ5FSM9Ttw';
const credentials = { apiKey: 'AIza-test', apiUrl: API };
const channel = (statistics: Record<string, unknown>) => ({
  kind: 'youtube#channelListResponse',
  etag: 'etag1',
  pageInfo: { totalResults: 1, resultsPerPage: 5 },
  items: [
    {
      kind: 'youtube#channel',
      etag: 'etag2',
      id: CHANNEL,
      statistics,
      contentDetails: { relatedPlaylists: { likes: '', uploads: 'UU_x5XG1OV2P6uZZ5FSM9Ttw' } },
    },
  ],
});
const googleError = (code: number, reason: string, message: string) => ({
  error: { code, message, errors: [{ message, domain: 'youtube.channel', reason }], status: code === 403 ? 'PERMISSION_DENIED' : 'UNAUTHENTICATED' },
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('youtube official channel', () => {
  it('reads subscribers and videos, and the likes + comments of the latest uploads', async () => {
    const keys: Array<string | null> = [];
    server.use(
      http.get(`${API}/channels`, ({ request }) => {
        const url = new URL(request.url);
        keys.push(url.searchParams.get('key'));
        expect(url.searchParams.get('id')).toBe(CHANNEL);
        return HttpResponse.json(channel({ viewCount: '285412', subscriberCount: '1100', hiddenSubscriberCount: false, videoCount: '326' }));
      }),
      http.get(`${API}/playlistItems`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('playlistId')).toBe('UU_x5XG1OV2P6uZZ5FSM9Ttw');
        return HttpResponse.json({
          kind: 'youtube#playlistItemListResponse',
          items: [
            { kind: 'youtube#playlistItem', id: 'a', contentDetails: { videoId: 'v1' } },
            { kind: 'youtube#playlistItem', id: 'b', contentDetails: { videoId: 'v2' } },
          ],
        });
      }),
      http.get(`${API}/videos`, () =>
        HttpResponse.json({
          kind: 'youtube#videoListResponse',
          items: [
            { kind: 'youtube#video', id: 'v1', statistics: { viewCount: '900', likeCount: '40', favoriteCount: '0', commentCount: '6' } },
            { kind: 'youtube#video', id: 'v2', statistics: { viewCount: '100', likeCount: '10', favoriteCount: '0', commentCount: '0' } },
          ],
        }),
      ),
    );
    expect(await createYoutubeProfiles(credentials, connectorDeps().deps, 20).fetchProfile(CHANNEL, never)).toEqual({
      kind: 'profile',
      followers: 1100,
      following: null,
      posts: 326,
      engagementPerPost: 28,
      recentPosts: 2,
    });
    expect(keys).toEqual(['AIza-test']);
  });

  it('leaves hidden subscribers and an unknown channel missing, never zero', async () => {
    server.use(
      http.get(`${API}/channels`, ({ request }) =>
        new URL(request.url).searchParams.get('forHandle') === '@nessuno'
          ? HttpResponse.json({ kind: 'youtube#channelListResponse', etag: 'e', pageInfo: { totalResults: 0, resultsPerPage: 5 } })
          : HttpResponse.json(channel({ viewCount: '10', hiddenSubscriberCount: true, videoCount: '0' })),
      ),
    );
    const fetcher = createYoutubeProfiles(credentials, connectorDeps().deps, 20);
    expect(await fetcher.fetchProfile('@nessuno', never)).toMatchObject({ kind: 'missing', reason: 'not_found' });
    expect(await fetcher.fetchProfile('@comunenascosto', never)).toEqual({
      kind: 'profile',
      followers: null,
      following: null,
      posts: 0,
      engagementPerPost: null,
      recentPosts: 0,
    });
  });

  it.each([
    [400, googleError(400, 'keyInvalid', 'API key not valid. Please pass a valid API key.'), 'unauthorized'],
    [401, googleError(401, 'authError', 'Invalid Credentials'), 'unauthorized'],
    [403, googleError(403, 'forbidden', 'The caller does not have permission'), 'forbidden'],
    [404, googleError(404, 'notFound', 'Requested entity was not found.'), 'notFound'],
  ])('classifies %i as a permanent error (%s)', async (status, body, reason) => {
    server.use(http.get(`${API}/channels`, () => HttpResponse.json(body, { status })));
    const err = await createYoutubeProfiles(credentials, connectorDeps().deps, 20)
      .fetchProfile(CHANNEL, never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'permanent', reason });
  });
});
