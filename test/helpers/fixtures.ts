import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = join(import.meta.dirname, '..', 'fixtures');

/** Our own fixtures (test/fixtures/<platform>/), shaped like the platforms' real responses. */
export function ownFixtureText(platform: string, file: string): string {
  return readFileSync(join(DIR, platform, file), 'utf8');
}

export function ownFixture<T = any>(platform: string, file: string): T {
  return JSON.parse(ownFixtureText(platform, file)) as T;
}
