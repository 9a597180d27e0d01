import { enableCompileCache } from 'node:module';
import { main } from './cli.js';

// V8 keeps the compiled code of the modules loaded from here on (in the OS temp dir), for the next
// start: a command then loads its modules without compiling them again. NODE_DISABLE_COMPILE_CACHE=1 turns it off.
enableCompileCache();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    // Loaded only on failure: it brings the text helpers, which `--help` has no use for.
    const { fatalMessage } = await import('./error-reason.js');
    process.stderr.write(`campanile: ${fatalMessage(err)}\n`);
    process.exitCode = 1;
  },
);
