import { truncateText } from './analysis/text.js';
import { HttpError } from './http/errors.js';
import { redactUrl } from './secrets.js';

/**
 * What an error says, bounded, for `last_error`, quarantine reasons and logs. A database error
 * reaches us wrapped by drizzle in "Failed query: <sql> params: <every row of the page>" (other
 * users' posts, megabytes): the reason is the server's own message, SQLSTATE, table and column.
 */
export const REASON_MAX = 400;

interface ServerError {
  code: string;
  message: string;
  table?: string;
  column?: string;
  constraint?: string;
}

/** The Postgres error in an error's cause chain (postgres.js or PGlite), if any. */
export function serverErrorOf(err: unknown): ServerError | undefined {
  for (let e = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const server = asServerError(e);
    if (server) return server;
  }
  return undefined;
}

function asServerError(e: Error): ServerError | undefined {
  const fields = e as Error & {
    code?: unknown;
    severity?: unknown;
    table?: string;
    table_name?: string;
    column?: string;
    column_name?: string;
    constraint?: string;
    constraint_name?: string;
  };
  if (typeof fields.code !== 'string' || !/^[0-9A-Z]{5}$/.test(fields.code) || typeof fields.severity !== 'string') return undefined;
  return {
    code: fields.code,
    message: fields.message,
    table: fields.table ?? fields.table_name,
    column: fields.column ?? fields.column_name,
    constraint: fields.constraint ?? fields.constraint_name,
  };
}

/** drizzle's query wrapper (and PGlite's errors): the query and its parameters ride along. */
function isQueryWrapper(err: Error): boolean {
  return 'query' in err && 'params' in err;
}

/** One line, at most `max` characters, never the failed query nor its parameters. */
export function errorReason(err: unknown, max = REASON_MAX): string {
  if (!(err instanceof Error)) return bound(String(err), max);
  const server = asServerError(err);
  if (server) {
    const where = [
      server.table && `table ${server.table}`,
      server.column && `column ${server.column}`,
      server.constraint && `constraint ${server.constraint}`,
    ].filter(Boolean);
    return bound(`${server.message} (SQLSTATE ${server.code}${where.length ? `, ${where.join(', ')}` : ''})`, max);
  }
  if (isQueryWrapper(err)) return err.cause === undefined ? 'database query failed' : errorReason(err.cause, max);
  return bound(err.message, max);
}

function bound(text: string, max: number): string {
  return truncateText(text.replace(/\s+/g, ' ').trim(), max);
}

const STACK_FRAMES = 5;

/**
 * pino's `err` serializer: one failure, once. The message carries the cause chain, each link
 * bounded by errorReason ("request failed: ENOTFOUND: fetch failed: getaddrinfo ENOTFOUND host"),
 * never a wrapped query's SQL and parameters. An HttpError is an expected outcome of talking to a
 * platform: its kind, status, reason and redacted URL say the rest, without a stack; anything else
 * keeps a short one-line stack and its code.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const base: Record<string, unknown> = { type: err.name, message: messageWithCauses(err) };
  if (err instanceof HttpError) {
    return { ...base, kind: err.kind, status: err.status, reason: err.reason, url: err.details.url === undefined ? undefined : redactUrl(err.details.url) };
  }
  const code = (err as { code?: unknown }).code;
  const frames = (err.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, STACK_FRAMES)
    .map((line) => line.trim());
  return { ...base, ...(typeof code === 'string' || typeof code === 'number' ? { code } : {}), stack: frames.join(' | ') };
}

function messageWithCauses(err: Error): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = err; e instanceof Error && !seen.has(e) && parts.length < 5; e = e.cause) {
    seen.add(e);
    if (isQueryWrapper(e) && e.cause !== undefined) continue;
    const reason = errorReason(e);
    // Skip a cause whose message the previous one already quotes.
    if (!parts.some((p) => p.includes(reason))) parts.push(reason);
  }
  return truncateText(parts.join(': '), REASON_MAX * 2);
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'CONNECT_TIMEOUT']);

/**
 * What the process prints when it cannot go on: a database it cannot reach or log into is the
 * operator's to fix, said in one line; anything else is a bug, and its stack helps.
 */
export function fatalMessage(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  const server = serverErrorOf(err);
  // 08: connection exception, 28: invalid authorization, 3D000: no such database.
  if ((typeof code === 'string' && UNREACHABLE.has(code)) || (server && /^(08|28|3D)/.test(server.code))) {
    return `cannot use the database: ${errorReason(err)}; check DATABASE_URL and that the server is running`;
  }
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}
