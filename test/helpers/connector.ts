import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectorDeps, Page } from '../../src/connectors/types.js';
import { createHttpClient } from '../../src/http/client.js';
import { silentLogger } from './log.js';

/** Real HTTP client (msw answers at the network edge), a settable clock, and a sleep that only records. */
export function connectorDeps(start = new Date('2026-06-10T19:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  const deps: ConnectorDeps = {
    http: createHttpClient({ now: () => now.getTime() }),
    log: silentLogger(),
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
  return { deps, sleeps, setNow: (d: Date) => void (now = d) };
}

/** Every page of one poll, and the error that ended it, if any. */
export async function drain(pages: AsyncIterable<Page>): Promise<{ pages: Page[]; error: unknown }> {
  const seen: Page[] = [];
  try {
    for await (const page of pages) seen.push(page);
    return { pages: seen, error: undefined };
  } catch (error) {
    return { pages: seen, error };
  }
}

export function fixture<T = unknown>(platform: string, name: string): T {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', platform, name), 'utf8')) as T;
}

export const never = new AbortController().signal;
