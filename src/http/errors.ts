/**
 * Every failure that crosses the HTTP boundary is one of three kinds:
 * - transient: try again later (timeouts, resets, 5xx, 429); `retryAfterMs` when the server said when;
 * - permanent: a person must fix something (401/403 credentials, 404 unknown endpoint, 4xx);
 * - payload:   the server answered, but not in the shape we expect (bad JSON, schema mismatch).
 */
export type HttpErrorKind = 'transient' | 'permanent' | 'payload';

export class HttpError extends Error {
  override name = 'HttpError';
  constructor(
    readonly kind: HttpErrorKind,
    message: string,
    readonly details: {
      url?: string;
      status?: number;
      retryAfterMs?: number;
      /** Short machine-readable reason: a platform error code, `timeout`, `rate_limited`, ... */
      reason?: string;
      cause?: unknown;
    } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
  }

  get status(): number | undefined {
    return this.details.status;
  }
  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }
  get reason(): string | undefined {
    return this.details.reason;
  }
}

export const isTransient = (err: unknown): err is HttpError => err instanceof HttpError && err.kind === 'transient';

/** The HTTP status classes that are worth retrying. */
export function kindForStatus(status: number): HttpErrorKind {
  if (status === 408 || status === 425 || status === 429 || status >= 500) return 'transient';
  return 'permanent';
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** Maps a fetch rejection (network, timeout, abort) to an HttpError; aborts stay aborts. */
export function fromFetchFailure(err: unknown, url: string): unknown {
  if (err instanceof HttpError) return err;
  if (err instanceof Error && err.name === 'AbortError') return err;
  const code = networkCode(err);
  if (code !== undefined || err instanceof TypeError) {
    return new HttpError('transient', `request failed: ${code ?? (err as Error).message}`, {
      url,
      reason: code === undefined ? 'network' : code.toLowerCase(),
      cause: err,
    });
  }
  return err;
}

function networkCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
  }
  return undefined;
}
