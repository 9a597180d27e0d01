import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Campaign } from '../config/campaigns.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { healthRoutes } from './health.js';
import { leaderboardRoutes } from './leaderboard.js';
import { metricsRoutes } from './metrics.js';
import { moderationRoutes } from './moderation.js';
import { pageRoutes } from './page.js';
import { statsRoutes } from './stats.js';

export interface ServerDeps {
  db: Db;
  /** CAMPANILE_ADMIN_TOKEN: the bearer token of the admin endpoints; absent, they answer 403. */
  adminToken?: string | undefined;
  log: Logger;
  metrics: Metrics;
  now: () => Date;
  campaigns: readonly Campaign[];
  /** The configured sources' keys: /readyz looks at these and ignores rows of removed sources. */
  sourceKeys: readonly string[];
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export interface RouteRequest {
  method: string;
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The request body (UTF-8, at most MAX_BODY_BYTES); empty for GET and HEAD. */
  body: string;
}

export interface Route {
  pattern: RegExp;
  names: string[];
  /** Besides GET and HEAD. */
  methods: readonly string[];
  handle(req: RouteRequest): Promise<Reply> | Reply;
}

const MAX_BODY_BYTES = 64 * 1024;

/** `/v1/challenges/:id/leaderboard` → a route matching one path segment per `:name`. */
export function route(path: string, handle: Route['handle'], methods: readonly string[] = []): Route {
  const names: string[] = [];
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), names, methods, handle };
}

export const json = (status: number, value: unknown, headers: Record<string, string> = {}): Reply => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  body: JSON.stringify(value),
});

const COMMON_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

export interface HttpServer {
  /** Listens on `port` (0: any free port); resolves with the bound port and a base URL. */
  listen(port: number, host?: string): Promise<{ port: number; url: string }>;
  /** Stops accepting, lets in-flight requests finish, closes idle keep-alive connections. */
  close(): Promise<void>;
}

/**
 * One port for operators and audiences: probes, Prometheus metrics, the JSON API and the
 * leaderboard page. GET and HEAD, and the methods a route names (the admin endpoints); else 405.
 */
export async function createHttpServer(deps: ServerDeps): Promise<HttpServer> {
  const log = deps.log.child({ subsystem: 'http' });
  const routes: Route[] = [
    ...healthRoutes(deps),
    ...metricsRoutes(deps),
    ...leaderboardRoutes(deps),
    ...statsRoutes(deps),
    ...moderationRoutes(deps),
    ...(await pageRoutes(deps)),
  ];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (reply: Reply) => {
      res.writeHead(reply.status, { ...COMMON_HEADERS, ...reply.headers });
      res.end(req.method === 'HEAD' ? undefined : reply.body);
    };
    const method = req.method ?? 'GET';
    const found = match(routes, url.pathname);
    if (method !== 'GET' && method !== 'HEAD' && !found?.route.methods.includes(method)) {
      const allow = ['GET', 'HEAD', ...(found?.route.methods ?? [])].join(', ');
      send({ ...json(405, { error: 'method not allowed' }), headers: { ...json(405, null).headers, allow } });
      return;
    }
    if (!found) {
      send(json(404, { error: 'not found', path: url.pathname }));
      return;
    }
    readBody(req, method)
      .then((body) =>
        body === null
          ? json(413, { error: `request body over ${MAX_BODY_BYTES} bytes` })
          : found.route.handle({ method, url, params: found.params, headers: req.headers, body }),
      )
      .then(send, (err: unknown) => {
        log.error({ err, path: url.pathname }, 'request failed');
        if (!res.headersSent) send(json(500, { error: 'internal error' }));
        else res.destroy();
      });
  });
  server.keepAliveTimeout = 5_000;

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address() as AddressInfo;
          const shown =
            address.family === 'IPv6'
              ? `[${address.address === '::' ? '::1' : address.address}]`
              : address.address === '0.0.0.0'
                ? '127.0.0.1'
                : address.address;
          log.info({ port: address.port, address: address.address }, 'http server listening');
          resolve({ port: address.port, url: `http://${shown}:${address.port}` });
        });
      });
    },
    close() {
      return new Promise((resolve, reject) => {
        if (!server.listening) return resolve();
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      });
    },
  };
}

function match(routes: readonly Route[], pathname: string): { route: Route; params: Record<string, string> } | null {
  for (const r of routes) {
    const m = r.pattern.exec(pathname);
    if (!m) continue;
    const params: Record<string, string> = {};
    let ok = true;
    r.names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      } catch {
        ok = false;
      }
    });
    if (ok) return { route: r, params };
  }
  return null;
}

/** The body of a POST/PUT, as UTF-8; null when it is over MAX_BODY_BYTES. GET and HEAD: empty. */
async function readBody(req: IncomingMessage, method: string): Promise<string | null> {
  if (method === 'GET' || method === 'HEAD') return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
