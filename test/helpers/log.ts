import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../src/log.js';

/** A real pino logger writing into memory, so tests can read what would have been logged. */
export function memoryLogger(secrets: string[] = [], level = 'debug'): { log: Logger; lines: () => string[]; text: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const log = createLogger({ level, secrets, destination: destination as never });
  const text = () => chunks.join('');
  return { log, text, lines: () => text().split('\n').filter(Boolean) };
}

export const silentLogger = (): Logger => createLogger({ level: 'silent' });
