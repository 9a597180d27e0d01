import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import type { Logger } from '../log.js';
import { isAdminAuthorized } from './admin-auth.js';

export const relabelBodySchema = z.object({
  campaign: z.string().min(1),
  post: z.string().min(1),
  label: z.enum(['positive', 'neutral', 'negative']),
  note: z.string().max(2000).optional(),
});
export type RelabelBody = z.infer<typeof relabelBodySchema>;

export const snapshotBodySchema = z.object({ challenge: z.string().min(1).optional() });

/** What the running worker does for the commands that reach it; each returns a JSON value. */
export interface AdminHandlers {
  status(): Promise<unknown>;
  relabel(body: RelabelBody): Promise<unknown>;
  snapshot(body: z.infer<typeof snapshotBodySchema>): Promise<unknown>;
}

/** A request the worker refuses with a message for the operator (4xx), never a stack trace. */
export class AdminRequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY = 64 * 1024;

export interface AdminServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The worker's local admin API, on 127.0.0.1 and a free port, for the CLI commands that would
 * otherwise open the embedded database a second time: GET /admin/status, POST /admin/relabel,
 * POST /admin/snapshot. Every request needs a bearer token.
 */
export async function startAdminServer(deps: { tokens: readonly (string | undefined)[]; handlers: AdminHandlers; log: Logger }): Promise<AdminServer> {
  const log = deps.log.child({ subsystem: 'admin' });
  const routes: Record<string, (body: unknown) => Promise<unknown>> = {
    'GET /admin/status': () => deps.handlers.status(),
    'POST /admin/relabel': (body) => deps.handlers.relabel(parseBody(relabelBodySchema, body)),
    'POST /admin/snapshot': (body) => deps.handlers.snapshot(parseBody(snapshotBodySchema, body)),
  };
  const server = createServer((req, res) => {
    const send = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
      res.end(JSON.stringify(value));
    };
    if (!isAdminAuthorized(req.headers.authorization, deps.tokens)) return send(401, { error: 'a valid bearer token is required' });
    const handle = routes[`${req.method} ${new URL(req.url ?? '/', 'http://localhost').pathname}`];
    if (!handle) return send(404, { error: 'not found' });
    readJson(req)
      .then(handle)
      .then(
        (value) => send(200, value),
        (err: unknown) => {
          if (err instanceof AdminRequestError) return send(err.status, { error: err.message });
          log.error({ err, path: req.url }, 'admin request failed');
          send(500, { error: err instanceof Error ? err.message : 'internal error' });
        },
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success)
    throw new AdminRequestError(400, `bad request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new AdminRequestError(413, `body over ${MAX_BODY} bytes`);
    chunks.push(chunk);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new AdminRequestError(400, 'bad request: the body is not JSON');
  }
}
