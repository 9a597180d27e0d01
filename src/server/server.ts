import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Campaign } from '../config/campaigns.js';
import type { Db } from '../db/client.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { healthRoutes } from './health.js';
import { leaderboardRoutes } from './leaderboard.js';
import { metricsRoutes } from './metrics.js';
import { pageRoutes } from './page.js';
import { statsRoutes } from './stats.js';

export interface ServerDeps {
  db: Db;
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
  url: URL;
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
}

export interface Route {
  pattern: RegExp;
  names: string[];
  handle(req: RouteRequest): Promise<Reply> | Reply;
}

/** `/v1/challenges/:id/leaderboard` → a route matching one path segment per `:name`. */
export function route(path: string, handle: Route['handle']): Route {
  const names: string[] = [];
  const source = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:([a-zA-Z]+)/g, (_m, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { pattern: new RegExp(`^${source}$`), names, handle };
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
 * leaderboard page. GET and HEAD only; everything else is 405.
 */
export async function createHttpServer(deps: ServerDeps): Promise<HttpServer> {
  const log = deps.log.child({ subsystem: 'http' });
  const routes: Route[] = [
    ...healthRoutes(deps),
    ...metricsRoutes(deps),
    ...leaderboardRoutes(deps),
    ...statsRoutes(deps),
    ...(await pageRoutes(deps)),
  ];

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const send = (reply: Reply) => {
      res.writeHead(reply.status, { ...COMMON_HEADERS, ...reply.headers });
      res.end(req.method === 'HEAD' ? undefined : reply.body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send({ ...json(405, { error: 'method not allowed' }), headers: { ...json(405, null).headers, allow: 'GET, HEAD' } });
      return;
    }
    const found = match(routes, url.pathname);
    if (!found) {
      send(json(404, { error: 'not found', path: url.pathname }));
      return;
    }
    Promise.resolve()
      .then(() => found.route.handle({ url, params: found.params, headers: req.headers }))
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
          const shown = address.family === 'IPv6' ? `[${address.address === '::' ? '::1' : address.address}]` : address.address === '0.0.0.0' ? '127.0.0.1' : address.address;
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
