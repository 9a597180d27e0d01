// Types of scripts/build.js (plain JavaScript: bin/campanile.js imports it without a loader).
export const ENTRY: string;
export function build(options?: { clean?: boolean }): Promise<void>;
export function isStale(): boolean;
/** Files that sources read beside themselves (not .ts, not .md), mirrored from `from` to `to`. */
export function copyAssets(from: string, to: string): void;
