import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * A worker thread's entry: the compiled `.js` beside the module that starts it (dist/, built by
 * scripts/build.js as an entry of its own), or the TypeScript source run through tsx (development,
 * tests). `compiled` is that `.js` file's URL, relative to the starting module's import.meta.url.
 *
 * Options for `new Worker`: a thread refuses V8 flags in `execArgv` (`--liftoff-only`, which every
 * command runs with), while without `execArgv` it inherits the process's flags, V8's included.
 */
export function threadEntry(compiled: URL): { url: URL; options: { execArgv?: string[] } } {
  if (existsSync(fileURLToPath(compiled))) return { url: compiled, options: {} };
  const nodeFlags = process.execArgv.filter((arg) => !arg.startsWith('--') || process.allowedNodeEnvironmentFlags.has(arg.split('=')[0] ?? arg));
  return { url: new URL(compiled.href.replace(/\.js$/, '.ts')), options: { execArgv: [...nodeFlags, '--import', 'tsx'] } };
}
