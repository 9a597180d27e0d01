import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { HttpError } from './http/errors.js';

export type { Logger };

const SECRET_KEYS = [
  'accessToken',
  'bearerToken',
  'token',
  'password',
  'appPassword',
  'clientSecret',
  'apiKey',
  'slackWebhook',
  'webhookUrl',
  'authorization',
  'Authorization',
];

const REDACT_PATHS = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`, `headers.${key}`]);

export interface LoggerOptions {
  level?: string;
  /**
   * Literal values (tokens, webhook URLs) scrubbed from every line, whatever key they sit under.
   * A Set is read live, so that secrets of a reloaded config are scrubbed too.
   */
  secrets?: readonly string[] | ReadonlySet<string>;
  destination?: DestinationStream;
  /** `pretty`: one coloured human line per entry; `json`: one JSON object per line; `auto`: pretty on a terminal. */
  format?: LogFormat;
}

export const LOG_FORMATS = ['auto', 'pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Root logger; subsystems take `log.child({ subsystem })`. */
export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets instanceof Set ? options.secrets : new Set(options.secrets ?? []);
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'campanile' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError },
      hooks: { streamWrite: (line) => (secrets.size > 0 ? scrubSecrets(line, secrets) : line) },
    },
    options.destination ?? stderrDestination(options.format ?? 'auto'),
  );
}

/** Logs go to stderr, so that a command's own output on stdout (tables, `--json`) stays clean. */
function stderrDestination(format: LogFormat): DestinationStream {
  const pretty = format === 'pretty' || (format === 'auto' && process.stderr.isTTY === true);
  if (!pretty) return pino.destination({ fd: 2, sync: false });
  // Loaded only on a terminal: a worker under a supervisor never pays for it.
  const build = createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
  return build({
    destination: 2,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname,service,err',
    singleLine: true,
    // The error's message (with its causes) on the entry's line, not as an indented object.
    messageFormat: (entry, messageKey) => {
      const err = entry.err as { message?: string; stack?: string } | undefined;
      const message = String(entry[messageKey] ?? '');
      if (!err?.message) return message;
      return `${message} — ${err.message}${err.stack ? ` (${err.stack.split(' | ')[0]})` : ''}`;
    },
  });
}

/**
 * One failure, once: the message carries the cause chain ("request failed: ENOTFOUND: fetch
 * failed: getaddrinfo ENOTFOUND host"), and a stack only for unexpected errors. An HttpError is
 * an expected outcome of talking to a platform: its kind, status and reason say the rest.
 */
export function serializeError(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const base: Record<string, unknown> = { type: err.name, message: messageWithCauses(err) };
  if (err instanceof HttpError) {
    return { ...base, kind: err.kind, status: err.status, reason: err.reason, url: err.details.url === undefined ? undefined : redactUrl(err.details.url) };
  }
  const code = (err as { code?: unknown }).code;
  return { ...base, ...(code === undefined ? {} : { code }), stack: err.stack?.split('\n').slice(1, 6).map((l) => l.trim()).join(' | ') };
}

function messageWithCauses(err: Error): string {
  const parts: string[] = [];
  const seen = new Set<unknown>();
  for (let e: unknown = err; e instanceof Error && !seen.has(e); e = e.cause) {
    seen.add(e);
    // Skip a cause whose message the previous one already quotes.
    if (!parts.some((p) => p.includes(e.message))) parts.push(e.message);
  }
  return parts.join(': ');
}

export function scrubSecrets(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    if (out.includes(secret)) out = out.split(secret).join('[redacted]');
    const encoded = JSON.stringify(secret).slice(1, -1);
    if (encoded !== secret && out.includes(encoded)) out = out.split(encoded).join('[redacted]');
  }
  return out;
}

/** Removes credentials from a URL before it is logged or stored (user:password, token-like query params). */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = 'redacted';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/token|key|secret|password|sig/i.test(key)) parsed.searchParams.set(key, 'redacted');
    }
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}
