import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimPost } from './generator.js';
import { answerFault, type Fault } from './faults.js';
import type { SimProfiles } from './profiles.js';

export interface XSimulator {
  url: string;
  /** The bearer token the simulator accepts. */
  token: string;
  add(posts: readonly SimPost[]): void;
  injectFaults(...faults: Fault[]): void;
  tweets(): Array<{ id: string; post: SimPost }>;
  requests(): number;
  close(): Promise<void>;
}

const TWITTER_EPOCH = 1288834974657n;

/** X snowflakes: milliseconds since the Twitter epoch << 22 | sequence, as decimal strings. */
export function xSnowflake(at: Date, seq: number): string {
  return (((BigInt(at.getTime()) - TWITTER_EPOCH) << 22n) | BigInt(seq & 0xfff)).toString();
}

const cmp = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);

/** A post as X API v2 recent search renders a Tweet (entities, public_metrics). */
export function renderTweet(id: string, p: SimPost) {
  const hashtags = p.tags.map((tag) => {
    const start = p.text.indexOf(`#${tag}`);
    return { start, end: start + tag.length + 1, tag };
  });
  return {
    id,
    edit_history_tweet_ids: [id],
    author_id: p.author.id,
    created_at: `${p.createdAt.toISOString().slice(0, 19)}.000Z`,
    lang: p.lang,
    text: p.text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    entities: { hashtags },
    public_metrics: { retweet_count: p.reblogs, reply_count: p.replies, like_count: p.likes, quote_count: 0, impression_count: p.likes * 37 },
  };
}

/** A post's author as the users expansion renders it. */
export const renderXUser = (p: SimPost) => ({
  id: p.author.id,
  username: p.author.username,
  name: p.author.displayName,
  created_at: p.author.createdAt.toISOString(),
  public_metrics: { followers_count: p.author.followers, following_count: 10, tweet_count: 100, listed_count: 0 },
});

/**
 * A local X API v2 serving GET /2/tweets/search/recent with its real rules: bearer auth,
 * `#tag` terms OR-ed, since_id / until_id (exclusive), start_time, max_results 10–100,
 * newest-first pages chained by next_token, `{meta:{result_count:0}}` when empty,
 * includes.users for author_id, public_metrics and x-rate-limit-* headers.
 */
export async function startXSimulator(
  options: { port?: number; host?: string; token?: string /** Official accounts served by the users lookup. */; profiles?: SimProfiles } = {},
): Promise<XSimulator> {
  const host = options.host ?? '127.0.0.1';
  const token = options.token ?? 'sim-bearer-token';
  const entries: Array<{ id: string; post: SimPost }> = [];
  const faults: Fault[] = [];
  let requestCount = 0;
  let remaining = 450;

  const send = (res: ServerResponse, status: number, body: unknown) => {
    remaining = remaining > 1 ? remaining - 1 : 450;
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-rate-limit-limit': '450',
      'x-rate-limit-remaining': String(remaining),
      'x-rate-limit-reset': String(Math.ceil(Date.now() / 1000) + 900),
    });
    res.end(JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    requestCount += 1;
    const url = new URL(req.url ?? '/', 'http://sim');
    const fault = faults.shift();
    if (fault) return answerFault(req, res, fault);
    const byUsername = /^\/2\/users\/by\/username\/([^/]+)$/.exec(url.pathname);
    if (byUsername) {
      if (req.headers.authorization !== `Bearer ${token}`)
        return send(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
      const username = decodeURIComponent(byUsername[1] as string);
      const p = options.profiles?.lookup('x', username);
      if (!p) {
        return send(res, 200, {
          errors: [
            {
              value: username,
              detail: `Could not find user with username: [${username}].`,
              title: 'Not Found Error',
              resource_type: 'user',
              parameter: 'username',
              resource_id: username,
              type: 'https://api.twitter.com/2/problems/resource-not-found',
            },
          ],
        });
      }
      return send(res, 200, {
        data: {
          id: p.id,
          name: `Comune (${p.handle})`,
          username: p.handle,
          protected: false,
          public_metrics: { followers_count: p.followers, following_count: p.following, tweet_count: p.posts, listed_count: Math.round(p.followers / 100) },
        },
      });
    }
    if (url.pathname !== '/2/tweets/search/recent') {
      res.writeHead(404, { 'content-type': 'text/html;charset=utf-8' });
      res.end('<!DOCTYPE html><html><title>Twitter / ?</title><body>Sorry, that page doesn’t exist!</body></html>');
      return;
    }
    if (req.headers.authorization !== `Bearer ${token}`)
      return send(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
    const q = url.searchParams.get('query') ?? '';
    const wanted = new Set([...q.matchAll(/#([\p{L}\p{N}_]+)/gu)].map((m) => (m[1] as string).toLowerCase()));
    if (wanted.size === 0) {
      return send(res, 400, {
        errors: [{ parameters: { query: [q] }, message: 'Invalid query' }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: 'https://api.twitter.com/2/problems/invalid-request',
      });
    }
    const max = Math.min(100, Math.max(10, Number(url.searchParams.get('max_results') ?? 10)));
    const sinceId = url.searchParams.get('since_id');
    const untilId = url.searchParams.get('until_id');
    const startTime = Date.parse(url.searchParams.get('start_time') ?? '') || -Infinity;
    // next_token names the newest tweet of the next page.
    const from = url.searchParams.get('next_token');
    const hits = entries
      .filter((e) => e.post.tags.some((t) => wanted.has(t.toLowerCase())))
      .filter((e) => (!sinceId || cmp(e.id, sinceId) > 0) && (!untilId || cmp(e.id, untilId) < 0) && e.post.createdAt.getTime() >= startTime)
      .filter((e) => !from || cmp(e.id, from) <= 0)
      .reverse();
    const page = hits.slice(0, max);
    if (page.length === 0) return send(res, 200, { meta: { result_count: 0 } });
    const authors = new Map(page.map((e) => [e.post.author.id, renderXUser(e.post)]));
    const next = hits[max];
    send(res, 200, {
      data: page.map((e) => renderTweet(e.id, e.post)),
      includes: { users: [...authors.values()] },
      meta: { newest_id: page[0]?.id, oldest_id: page.at(-1)?.id, result_count: page.length, ...(next ? { next_token: next.id } : {}) },
    });
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://${host}:${port}`,
    token,
    add(posts) {
      for (const p of posts) entries.push({ id: xSnowflake(p.createdAt, p.seq), post: p });
      entries.sort((a, b) => cmp(a.id, b.id));
    },
    injectFaults: (...f) => void faults.push(...f),
    tweets: () => [...entries],
    requests: () => requestCount,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
