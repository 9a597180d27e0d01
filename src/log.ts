import pino, { type DestinationStream, type Logger } from 'pino';
import { serializeError } from './error-reason.js';

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
