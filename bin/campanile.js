#!/usr/bin/env -S node --liftoff-only
// `npx campanile` and `npm start`: runs the bundle dist/main.js (npm run build, run by `npm ci`),
// rebuilt first when a source is newer; the TypeScript source through tsx when it cannot be built.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// V8's baseline compiler only, for PGlite's WebAssembly: with the optimizing tier, opening the
// embedded database costs ~500 MB more RSS and seconds of background compilation, paid again at
// exit. `node bin/campanile.js` (no shebang) restarts itself with the flag, in the same process.
if (!process.execArgv.includes('--liftoff-only')) {
  process.execve(process.execPath, [process.execPath, '--liftoff-only', ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
}

const built = fileURLToPath(new URL('../dist/main.js', import.meta.url));
let entry = built;
if (existsSync(fileURLToPath(new URL('../src', import.meta.url)))) {
  const { build, isStale } = await import('../scripts/build.js');
  if (isStale()) {
    process.stderr.write('campanile: building dist/ from src/ (npm run build)\n');
    await build({ clean: false }).catch((err) => {
      process.stderr.write(`campanile: the build failed (${err.message}); running the source\n`);
      entry = null;
    });
  }
}
if (entry && existsSync(entry)) await import(entry);
else {
  // The source through tsx (a dev dependency); without it, the previous build if there is one.
  const tsx = await import('tsx/esm/api').catch(() => null);
  if (tsx || !existsSync(built)) {
    tsx?.register();
    await import('../src/main.ts');
  } else {
    process.stderr.write('campanile: tsx is not installed; running the previous build\n');
    await import(built);
  }
}
