import pino, { type DestinationStream, type Logger } from 'pino';
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
}

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
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}
