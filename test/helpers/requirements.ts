import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * What parts of the suite need from the machine. Without CI a missing one skips those parts and the run
 * ends with one line naming them; with CI=true it fails the run before any test starts (test/setup/global.ts).
 */
export interface Requirement {
  /** What is skipped without it. */
  skips: string;
  /** What is missing and how to provide it, or null when it is there. */
  missing(): string | null;
}

export const PLATFORM_FIXTURES = resolve(process.env.PLATFORM_FIXTURES ?? join(process.cwd(), '..', 'shared', 'fixtures', 'platforms'));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const REQUIREMENTS = {
  platformFixtures: {
    skips: 'the contract suites (recorded platform responses)',
    missing: () => (existsSync(PLATFORM_FIXTURES) ? null : `no recorded responses at ${PLATFORM_FIXTURES} (set PLATFORM_FIXTURES to the folder)`),
  },
  chromium: {
    skips: 'the leaderboard page in a browser',
    missing: () => (existsSync(CHROMIUM) ? null : `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`),
  },
  postgres: {
    skips: 'the Postgres backend and its suites (PGlite only)',
    missing: () => (process.env.DATABASE_URL ? null : 'DATABASE_URL is not set (postgres://user@host:port/db)'),
  },
} satisfies Record<string, Requirement>;

export type RequirementName = keyof typeof REQUIREMENTS;

/** True when the machine has it; suites use this with `describe.skipIf(!has(...))`. */
export function has(name: RequirementName): boolean {
  return REQUIREMENTS[name].missing() === null;
}

/** One line per missing requirement: what is missing, then what is skipped. */
export function missingRequirements(): string[] {
  return Object.values(REQUIREMENTS).flatMap((r) => {
    const why = r.missing();
    return why === null ? [] : [`${r.skips}: ${why}`];
  });
}

export const inCi = (): boolean => process.env.CI === 'true' || process.env.CI === '1';
