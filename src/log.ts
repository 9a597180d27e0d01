import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { serializeError } from './error-reason.js';
import { scrubSecrets } from './secrets.js';

// Redaction lives in secrets.ts; re-exported for the modules that log.
export { redactUrl, scrubSecrets } from './secrets.js';

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
