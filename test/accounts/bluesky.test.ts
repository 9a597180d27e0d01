import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createBlueskyProfiles, PUBLIC_APPVIEW } from '../../src/connectors/bluesky/profiles.js';
import { blueskySourceSchema } from '../../src/connectors/bluesky/platform.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, never } from '../helpers/connector.js';

// Shapes from the lexicons: app.bsky.actor.defs#profileViewDetailed, app.bsky.feed.getAuthorFeed (feedViewPost[]).
const DID = 'did:plc:z72i7hdynmk6r22z27h6tvur';
const profile = {
  did: DID,
  handle: 'comune.genova.it',
  displayName: 'Comune di Genova',
  description: 'Account ufficiale',
  avatar: 'https://cdn.bsky.app/img/avatar/plain/did:plc:z72i7hdynmk6r22z27h6tvur/bafkrei@jpeg',
  associated: { lists: 0, feedgens: 0, starterPacks: 0, labeler: false },
  indexedAt: '2024-01-20T05:32:17.000Z',
  createdAt: '2023-04-12T04:53:57.057Z',
  followersCount: 1400,
  followsCount: 73,
  postsCount: 326,
  labels: [],
};
const post = (did: string, likes: number, reposts: number, replies: number, quotes: number) => ({
  uri: `at://${did}/app.bsky.feed.post/3l${likes}`,
  cid: `bafyrei${likes}`,
  author: { did, handle: 'comune.genova.it', labels: [] },
  record: { $type: 'app.bsky.feed.post', createdAt: '2026-06-09T08:00:00.000Z', text: 'Notizie' },
  replyCount: replies,
  repostCount: reposts,
  likeCount: likes,
  quoteCount: quotes,
  indexedAt: '2026-06-09T08:00:01.000Z',
  labels: [],
});

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe('bluesky official account', () => {
  it('reads the profile counts and the engagement of its own posts (reposts of others left out), without a login', async () => {
    const auths: Array<string | null> = [];
    server.use(
      http.get(`${PUBLIC_APPVIEW}/xrpc/app.bsky.actor.getProfile`, ({ request }) => {
        auths.push(request.headers.get('authorization'));
        expect(new URL(request.url).searchParams.get('actor')).toBe('comune.genova.it');
        return HttpResponse.json(profile);
      }),
      http.get(`${PUBLIC_APPVIEW}/xrpc/app.bsky.feed.getAuthorFeed`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('filter')).toBe('posts_no_replies');
        return HttpResponse.json({
          cursor: '2026-06-08T08:00:00.000Z',
          feed: [
            { post: post(DID, 20, 4, 2, 0) },
            {
              post: post('did:plc:someoneelse', 900, 90, 9, 0),
              reason: { $type: 'app.bsky.feed.defs#reasonRepost', by: { did: DID, handle: 'comune.genova.it' }, indexedAt: '2026-06-09T09:00:00.000Z' },
            },
            { post: post(DID, 8, 1, 0, 1) },
          ],
        });
      }),
    );
    const result = await createBlueskyProfiles(undefined, connectorDeps().deps, 20).fetchProfile('comune.genova.it', never);
    expect(result).toEqual({ kind: 'profile', followers: 1400, following: 73, posts: 326, engagementPerPost: 18, recentPosts: 2 });
    expect(auths).toEqual([null]);
  });

  it('uses the source session when credentials name a source', async () => {
    const source = blueskySourceSchema.parse({
      platform: 'bluesky',
      schedule: '* * * * *',
      service: 'https://pds.test',
      identifier: 'campanile.test',
      appPassword: 'app-pass',
    });
    const auths: Array<string | null> = [];
    server.use(
      http.post('https://pds.test/xrpc/com.atproto.server.createSession', () =>
        HttpResponse.json({ did: 'did:plc:me', handle: 'campanile.test', accessJwt: 'jwt-1', refreshJwt: 'r-1' }),
      ),
      http.get('https://pds.test/xrpc/app.bsky.actor.getProfile', ({ request }) => {
        auths.push(request.headers.get('authorization'));
        return HttpResponse.json(profile);
      }),
      http.get('https://pds.test/xrpc/app.bsky.feed.getAuthorFeed', () => HttpResponse.json({ feed: [] })),
    );
    const result = await createBlueskyProfiles({ source }, connectorDeps().deps, 20).fetchProfile('comune.genova.it', never);
    expect(auths).toEqual(['Bearer jwt-1']);
    expect(result).toMatchObject({ followers: 1400, engagementPerPost: null });
  });

  it('reports an unknown or taken-down profile as missing, never as zero', async () => {
    server.use(
      http.get(`${PUBLIC_APPVIEW}/xrpc/app.bsky.actor.getProfile`, ({ request }) =>
        new URL(request.url).searchParams.get('actor') === 'nessuno.bsky.social'
          ? HttpResponse.json({ error: 'InvalidRequest', message: 'Profile not found' }, { status: 400 })
          : HttpResponse.json({ error: 'AccountTakedown', message: 'Account has been suspended' }, { status: 400 }),
      ),
    );
    const fetcher = createBlueskyProfiles(undefined, connectorDeps().deps, 20);
    expect(await fetcher.fetchProfile('nessuno.bsky.social', never)).toMatchObject({ kind: 'missing', reason: 'not_found' });
    expect(await fetcher.fetchProfile('sospeso.bsky.social', never)).toMatchObject({ kind: 'missing', reason: 'suspended' });
  });

  it.each([
    [401, 'AuthMissing', 'unauthorized'],
    [403, 'Forbidden', 'forbidden'],
    [404, 'MethodNotImplemented', 'not_found'],
  ])('classifies %i as a permanent error (%s)', async (status, error, reason) => {
    server.use(http.get(`${PUBLIC_APPVIEW}/xrpc/app.bsky.actor.getProfile`, () => HttpResponse.json({ error, message: error }, { status })));
    const err = await createBlueskyProfiles(undefined, connectorDeps().deps, 20)
      .fetchProfile('comune.genova.it', never)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ kind: 'permanent', reason });
  });
});
