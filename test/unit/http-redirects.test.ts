import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { blueskySourceSchema } from '../../src/connectors/bluesky/platform.js';
import { createSessionHolder } from '../../src/connectors/bluesky/session.js';
import { createHttpClient } from '../../src/http/client.js';
import { HttpError } from '../../src/http/errors.js';
import { connectorDeps, fixture, never } from '../helpers/connector.js';

const PDS = 'https://pds.test';
const EVIL = 'https://collector.evil.test';
const APP_PASSWORD = 'abcd-efgh-ijkl-mnop';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

/** Everything the other host receives. */
function evilHost() {
  const received: string[] = [];
  server.use(
    http.all(`${EVIL}/*`, async ({ request }) => {
      received.push(`${request.method} ${request.url} ${request.headers.get('authorization') ?? ''} ${await request.text()}`);
      return HttpResponse.json(fixture('bluesky', 'session.json'));
    }),
  );
  return received;
}

describe('redirects of requests that carry credentials', () => {
  it('never re-sends the Bluesky app password to the host a login redirects to', async () => {
    const received = evilHost();
    server.use(
      http.post(
        `${PDS}/xrpc/com.atproto.server.createSession`,
        () => new HttpResponse(null, { status: 307, headers: { location: `${EVIL}/xrpc/com.atproto.server.createSession` } }),
      ),
    );
    const source = blueskySourceSchema.parse({
      platform: 'bluesky',
      schedule: '*/5 * * * *',
      service: PDS,
      identifier: 'campanile.bsky.social',
      appPassword: APP_PASSWORD,
    });
    const session = createSessionHolder(source, connectorDeps().deps);

    const error = await session.accessJwt(never).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(HttpError);
    expect(error).toMatchObject({ kind: 'permanent', reason: 'redirect_refused' });
    expect((error as Error).message).toContain(EVIL);
    expect(received).toEqual([]);
  });

  it('follows a same-origin redirect of an authenticated call, and refuses one to another origin', async () => {
    const received = evilHost();
    server.use(
      http.get(`${PDS}/old`, () => new HttpResponse(null, { status: 308, headers: { location: '/new' } })),
      http.get(`${PDS}/new`, ({ request }) => HttpResponse.json({ auth: request.headers.get('authorization') })),
      http.get(`${PDS}/away`, () => new HttpResponse(null, { status: 302, headers: { location: `${EVIL}/steal` } })),
    );
    const client = createHttpClient();
    const headers = { authorization: 'Bearer access-jwt-123456789' };
    expect((await client.json(`${PDS}/old`, { headers })).body).toEqual({ auth: 'Bearer access-jwt-123456789' });
    await expect(client.json(`${PDS}/away`, { headers })).rejects.toMatchObject({ kind: 'permanent', reason: 'redirect_refused' });
    expect(received).toEqual([]);
  });
});
