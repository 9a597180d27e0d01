import { main } from './cli.js';
import { fatalMessage } from './error-reason.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`campanile: ${fatalMessage(err)}\n`);
    process.exitCode = 1;
  },
);
