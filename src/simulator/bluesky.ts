import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimPost } from './generator.js';
import { answerFault, type Fault } from './faults.js';
import type { SimProfile, SimProfiles } from './profiles.js';

export interface BlueskySimulator {
  url: string;
  add(posts: readonly SimPost[]): void;
  injectFaults(...faults: Fault[]): void;
  posts(): Array<{ uri: string; post: SimPost }>;
  requests(): number;
  logins(): number;
  close(): Promise<void>;
}

/** Record keys are TIDs; any unique base32-sortable string does for the simulator. */
const rkeyOf = (seq: number) => `3sim${seq.toString(32).padStart(9, '0')}`;

/**
 * A local PDS speaking what the Bluesky connector uses: createSession / refreshSession and
 * app.bsky.feed.searchPosts with its real rules (auth required, sort=latest, since inclusive /
 * until exclusive on sortAt, offset-like string cursor, no cursor on the last page) and
 * RateLimit-* headers.
 */
export async function startBlueskySimulator(
  options: { port?: number; host?: string /** Official accounts served by getProfile and getAuthorFeed. */; profiles?: SimProfiles } = {},
): Promise<BlueskySimulator> {
  const host = options.host ?? '127.0.0.1';
  const entries: Array<{ uri: string; post: SimPost }> = [];
  const faults: Fault[] = [];
  const tokens = new Set<string>();
  let requestCount = 0;
  let loginCount = 0;

  const didOf = (p: SimPost) => `did:plc:sim${p.author.id}`;
  const handleOf = (p: SimPost) => `${p.author.username}.bsky.sim`;

  const view = (uri: string, p: SimPost) => {
    const bytes = Buffer.from(p.text, 'utf8');
    const facets = p.tags.map((tag) => {
      const start = bytes.indexOf(Buffer.from(`#${tag}`, 'utf8'));
      return { features: [{ $type: 'app.bsky.richtext.facet#tag', tag }], index: { byteStart: start, byteEnd: start + Buffer.byteLength(`#${tag}`) } };
    });
    return {
      uri,
      cid: `bafyreisim${p.seq}`,
      author: { did: didOf(p), handle: handleOf(p), displayName: p.author.displayName, labels: [], createdAt: p.author.createdAt.toISOString() },
      record: { $type: 'app.bsky.feed.post', createdAt: p.createdAt.toISOString(), text: p.text, langs: [p.lang], facets },
      replyCount: p.replies,
      repostCount: p.reblogs,
      likeCount: p.likes,
      quoteCount: 0,
      indexedAt: new Date(p.createdAt.getTime() + 700).toISOString(),
      labels: [],
    };
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'ratelimit-limit': '3000',
      'ratelimit-remaining': '2999',
      'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 300),
      'ratelimit-policy': '3000;w=300',
    });
    res.end(JSON.stringify(body));
  };

  const session = () => {
    const accessJwt = `sim-access-${tokens.size + 1}`;
    tokens.add(accessJwt);
    return { did: 'did:plc:campanilesim', handle: 'campanile.bsky.sim', accessJwt, refreshJwt: `sim-refresh-${tokens.size}`, active: true };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requestCount += 1;
    const url = new URL(req.url ?? '/', 'http://sim');
    const fault = faults.shift();
    if (fault) return answerFault(req, res, fault);
    if (req.method === 'POST' && url.pathname === '/xrpc/com.atproto.server.createSession') {
      loginCount += 1;
      return send(res, 200, session());
    }
    if (req.method === 'POST' && url.pathname === '/xrpc/com.atproto.server.refreshSession') return send(res, 200, session());
    if (url.pathname === '/xrpc/app.bsky.actor.getProfile' || url.pathname === '/xrpc/app.bsky.feed.getAuthorFeed') return answerProfile(url, res);
    if (url.pathname !== '/xrpc/app.bsky.feed.searchPosts') return send(res, 404, { error: 'MethodNotImplemented', message: 'Method Not Implemented' });
    const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
    if (!tokens.has(token)) return send(res, 401, { error: 'AuthMissing', message: 'Authentication Required' });
    const q = url.searchParams.get('q') ?? '';
    if (!q) return send(res, 400, { error: 'InvalidRequest', message: 'Error: Params must have the property "q"' });
    const wanted = [...q.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((m) => (m[1] as string).toLowerCase());
    const since = Date.parse(url.searchParams.get('since') ?? '') || -Infinity;
    const until = Date.parse(url.searchParams.get('until') ?? '') || Infinity;
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 25)));
    const offset = Number(url.searchParams.get('cursor') ?? 0);
    const hits = entries
      .filter((e) => wanted.every((t) => e.post.tags.some((tag) => tag.toLowerCase() === t)))
      .filter((e) => e.post.createdAt.getTime() >= since && e.post.createdAt.getTime() < until)
      .reverse();
    const page = hits.slice(offset, offset + limit);
    const next = offset + limit < hits.length ? String(offset + limit) : undefined;
    send(res, 200, { ...(next ? { cursor: next } : {}), posts: page.map((e) => view(e.uri, e.post)) });
  };

  const profileDid = (p: SimProfile) => `did:plc:sim${p.id}`;
  const profileView = (p: SimProfile) => ({
    did: profileDid(p),
    handle: p.handle,
    displayName: `Comune (${p.handle})`,
    description: 'Account ufficiale',
    followersCount: p.followers,
    followsCount: p.following,
    postsCount: p.posts,
    indexedAt: '2024-02-06T12:00:00.000Z',
    createdAt: '2023-07-01T10:00:00.000Z',
    labels: [],
  });

  /** getProfile (public: no session needed) and the author feed, per the simulated day. */
  const answerProfile = (url: URL, res: ServerResponse) => {
    const actor = url.searchParams.get('actor') ?? '';
    const p = actor.startsWith('did:plc:sim')
      ? options.profiles?.byId('bluesky', actor.slice('did:plc:sim'.length))
      : options.profiles?.lookup('bluesky', actor);
    if (!p) return send(res, 400, { error: 'InvalidRequest', message: 'Profile not found' });
    if (url.pathname === '/xrpc/app.bsky.actor.getProfile') return send(res, 200, profileView(p));
    const limit = Math.min(100, Math.max(1, Number(url.searchParams.get('limit') ?? 50)));
    const author = { did: profileDid(p), handle: p.handle, displayName: `Comune (${p.handle})`, labels: [] };
    const day = options.profiles?.day() ?? '2026-01-01';
    send(res, 200, {
      feed: p.recent.slice(0, limit).map((n, i) => ({
        post: {
          uri: `at://${profileDid(p)}/app.bsky.feed.post/3sim${(p.posts - i).toString(32).padStart(9, '0')}`,
          cid: `bafyreisimprofile${p.posts - i}`,
          author,
          record: { $type: 'app.bsky.feed.post', createdAt: `${day}T09:00:00.000Z`, text: 'Notizie dal Comune', langs: ['it'] },
          likeCount: Math.round(n * 0.7),
          repostCount: Math.round(n * 0.2),
          replyCount: n - Math.round(n * 0.7) - Math.round(n * 0.2),
          quoteCount: 0,
          indexedAt: `${day}T09:00:01.000Z`,
          labels: [],
        },
      })),
    });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}`,
    add(posts) {
      for (const p of posts) entries.push({ uri: `at://${didOf(p)}/app.bsky.feed.post/${rkeyOf(p.seq)}`, post: p });
      entries.sort((a, b) => a.post.createdAt.getTime() - b.post.createdAt.getTime() || a.post.seq - b.post.seq);
    },
    injectFaults: (...f) => void faults.push(...f),
    posts: () => [...entries],
    requests: () => requestCount,
    logins: () => loginCount,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
