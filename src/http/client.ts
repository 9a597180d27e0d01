import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import { redactUrl } from '../secrets.js';
import { fromFetchFailure, HttpError, kindForStatus } from './errors.js';
import { parseRetryAfter } from './retry.js';

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface RequestOptions {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /**
   * Lets a connector turn a platform's error body into a precise HttpError (e.g. X's
   * UsageCapExceeded, a 200 with an HTML page). Returning undefined keeps the default.
   */
  classify?: (res: { status: number; headers: Headers; text: string }) => HttpError | undefined;
}

export interface HttpClient {
  /** Sends the request and returns the parsed JSON body of a 2xx answer; anything else throws HttpError. */
  json(url: string, options?: RequestOptions): Promise<HttpResponse<unknown>>;
  /** Sends the request and returns the raw text of a 2xx answer. */
  text(url: string, options?: RequestOptions): Promise<HttpResponse<string>>;
  close(): Promise<void>;
}

export interface HttpClientOptions {
  userAgent?: string;
  connectTimeoutMs?: number;
  headersTimeoutMs?: number;
  bodyTimeoutMs?: number;
  /** Larger bodies are refused as a payload error instead of filling memory. */
  maxBodyBytes?: number;
  now?: () => number;
  dispatcher?: Dispatcher;
}

/**
 * The one HTTP client: global fetch (which msw intercepts in tests) over an undici Agent for
 * pooling and timeouts; HTTP(S)_PROXY/NO_PROXY from the environment are honoured.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  // undici (1 MB of JavaScript) is loaded by the first request: a command that sends none never loads it.
  let dispatcher: Promise<Dispatcher> | undefined = options.dispatcher && Promise.resolve(options.dispatcher);
  const agent = () =>
    (dispatcher ??= import('undici').then(
      ({ EnvHttpProxyAgent }) =>
        new EnvHttpProxyAgent({
          connectTimeout: options.connectTimeoutMs ?? 10_000,
          headersTimeout: options.headersTimeoutMs ?? 30_000,
          bodyTimeout: options.bodyTimeoutMs ?? 30_000,
          keepAliveTimeout: 30_000,
        }),
    ));
  const maxBodyBytes = options.maxBodyBytes ?? 20 * 1024 * 1024;
  const now = options.now ?? Date.now;
  const userAgent = options.userAgent ?? 'campanile/0.1 (+https://github.com/campanile)';

  async function send(url: string, opts: RequestOptions = {}): Promise<HttpResponse<string>> {
    const safeUrl = redactUrl(url);
    let res: Response;
    let text: string;
    try {
      const through = await agent();
      res = await fetchWithRedirectPolicy(url, opts, (target, redirect) =>
        fetch(target, {
          method: opts.method ?? 'GET',
          headers: { 'user-agent': userAgent, accept: 'application/json', ...opts.headers },
          body: opts.body,
          signal: opts.signal,
          dispatcher: through,
          redirect,
        }),
      );
      const declared = Number(res.headers.get('content-length') ?? '0');
      if (declared > maxBodyBytes) {
        await res.body?.cancel();
        throw new HttpError('payload', `response too large: ${declared} bytes`, { url: safeUrl, status: res.status, reason: 'too_large' });
      }
      text = await res.text();
    } catch (err) {
      if (err instanceof HttpError) throw err;
      throw fromFetchFailure(err, safeUrl);
    }
    if (Buffer.byteLength(text) > maxBodyBytes) {
      throw new HttpError('payload', `response too large: over ${maxBodyBytes} bytes`, { url: safeUrl, status: res.status, reason: 'too_large' });
    }
    const custom = opts.classify?.({ status: res.status, headers: res.headers, text });
    if (custom) throw custom;
    if (res.status < 200 || res.status >= 300) {
      const kind = kindForStatus(res.status);
      throw new HttpError(kind, `HTTP ${res.status} from ${safeUrl}: ${text.slice(0, 300)}`, {
        url: safeUrl,
        status: res.status,
        retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now()),
        reason: res.status === 429 ? 'rate_limited' : `http_${res.status}`,
      });
    }
    return { status: res.status, headers: res.headers, body: text };
  }

  return {
    text: send,
    async json(url, opts) {
      const res = await send(url, opts);
      try {
        return { ...res, body: JSON.parse(res.body) as unknown };
      } catch (err) {
        const kind = res.body.trimStart().startsWith('<') ? 'html instead of JSON' : 'invalid JSON';
        throw new HttpError('payload', `${kind} from ${redactUrl(url)}: ${res.body.slice(0, 120)}`, {
          url: redactUrl(url),
          status: res.status,
          reason: 'invalid_json',
          cause: err,
        });
      }
    },
    close: async () => {
      if (dispatcher) await (await dispatcher).close();
    },
  };
}

const MAX_REDIRECTS = 5;
const isRedirect = (status: number) => status >= 300 && status < 400 && status !== 304;

/**
 * Where a request may be redirected depends on the credentials it carries. A body (a login's
 * password, a client secret) is never sent again: a redirect is refused. An Authorization header
 * follows same-origin redirects only (an API moving a path), never to another host. A request
 * without credentials follows redirects as fetch does.
 */
async function fetchWithRedirectPolicy(
  url: string,
  opts: RequestOptions,
  send: (target: string, redirect: 'follow' | 'manual') => Promise<Response>,
): Promise<Response> {
  const carriesBody = opts.body !== undefined;
  const carriesAuth = Object.keys(opts.headers ?? {}).some((h) => h.toLowerCase() === 'authorization');
  if (!carriesBody && !carriesAuth) return send(url, 'follow');
  let target = url;
  for (let hop = 0; ; hop++) {
    const res = await send(target, 'manual');
    if (!isRedirect(res.status)) return res;
    await res.body?.cancel();
    const location = res.headers.get('location');
    const next = location ? new URL(location, target) : null;
    const refuse = (why: string) =>
      new HttpError('permanent', `redirect refused: ${why} (HTTP ${res.status} from ${redactUrl(target)} to ${next ? next.origin : 'nowhere'})`, {
        url: redactUrl(url),
        status: res.status,
        reason: 'redirect_refused',
      });
    if (carriesBody) throw refuse('a request with credentials in its body is never sent again');
    if (!next || next.origin !== new URL(target).origin) throw refuse('an authenticated request is never redirected to another origin');
    if (hop >= MAX_REDIRECTS) throw refuse(`more than ${MAX_REDIRECTS} redirects`);
    target = next.toString();
  }
}

/** Parses a payload with its zod schema; a mismatch is a payload error naming the fields. */
export function parsePayload<S extends z.ZodType>(schema: S, body: unknown, url: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields = result.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
  throw new HttpError('payload', `unexpected response shape from ${redactUrl(url)}: ${fields}`, {
    url: redactUrl(url),
    reason: 'schema',
  });
}
