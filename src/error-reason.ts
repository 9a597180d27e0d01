import { truncateText } from './analysis/text.js';

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
  const fields = e as Error & { code?: unknown; severity?: unknown; table?: string; table_name?: string; column?: string; column_name?: string; constraint?: string; constraint_name?: string };
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
    const where = [server.table && `table ${server.table}`, server.column && `column ${server.column}`, server.constraint && `constraint ${server.constraint}`].filter(Boolean);
    return bound(`${server.message} (SQLSTATE ${server.code}${where.length ? `, ${where.join(', ')}` : ''})`, max);
  }
  if (isQueryWrapper(err)) return err.cause === undefined ? 'database query failed' : errorReason(err.cause, max);
  return bound(err.message, max);
}

function bound(text: string, max: number): string {
  return truncateText(text.replace(/\s+/g, ' ').trim(), max);
}

const STACK_FRAMES = 12;

function smallValue(value: unknown): string | number | boolean | undefined {
  if (typeof value === 'string') return truncateText(value, REASON_MAX);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return undefined;
}

/**
 * pino's `err` serializer, bounded: message by errorReason, a short stack, the error's own small
 * fields (kind, status, code), and never a wrapped query's SQL and parameters.
 */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const frames = (err.stack ?? '').split('\n').filter((line) => /^\s+at /.test(line)).slice(0, STACK_FRAMES);
  const message = errorReason(err);
  const out: Record<string, unknown> = { type: err.constructor.name, message, stack: [`${err.name}: ${message}`, ...frames].join('\n') };
  if (err.cause instanceof Error && !isQueryWrapper(err)) out.cause = errorReason(err.cause);
  for (const [key, value] of Object.entries(err)) {
    if (key === 'query' || key === 'params' || key === 'cause' || key === 'queryOptions' || key === 'internalQuery') continue;
    const small = smallValue(value);
    if (small !== undefined) out[key] = small;
    // One level of plain details (HttpError's url, status, reason), bounded the same way.
    else if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
      out[key] = Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (smallValue(v) === undefined ? [] : [[k, smallValue(v)]])));
    }
  }
  return out;
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
