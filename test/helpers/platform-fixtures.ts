import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PLATFORM_FIXTURES } from './requirements.js';

/**
 * Recorded platform responses live outside the repo (../shared/fixtures/platforms by default,
 * or the folder named by PLATFORM_FIXTURES); see requirements.ts for what happens when it is absent.
 */

export interface RecordedFixture {
  file: string;
  /** Parsed JSON, or null for non-JSON files (SSE streams). */
  body: unknown;
  raw: string;
}

/** Every recorded file of a platform except the provenance/header metadata. */
export function recordedFixtures(platform: string): RecordedFixture[] {
  const dir = join(PLATFORM_FIXTURES, platform);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => !f.startsWith('_') && f !== 'headers.json')
    .sort()
    .map((file) => {
      const raw = readFileSync(join(dir, file), 'utf8');
      let body: unknown = null;
      try {
        body = JSON.parse(raw);
      } catch {
        body = null;
      }
      return { file, body, raw };
    });
}

export function recordedHeaders(platform: string): Record<string, unknown> {
  const file = join(PLATFORM_FIXTURES, platform, 'headers.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
}
