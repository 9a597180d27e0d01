// Types of scripts/build.js (plain JavaScript: bin/campanile.js imports it without a loader).
export const ENTRY: string;
/** Builds dist/ and resolves with the milliseconds it took. */
export function build(options?: { clean?: boolean }): Promise<number>;
export function isStale(): boolean;
/** Files that sources read beside themselves (not .ts, not .md), mirrored from `from` to `to`. */
export function copyAssets(from: string, to: string): void;
