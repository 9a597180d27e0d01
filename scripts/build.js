/**
 * npm run build (also `prepare`, so `npm ci` runs it) — bundles src/ into dist/ with esbuild: what
 * `npm start`, `npx campanile` and the Docker image run. Plain JavaScript, so that it runs before
 * any TypeScript tooling, and from bin/campanile.js when the bundle is older than its sources.
 *
 * Why a bundle: on Node 24 every ESM file imported from a package re-reads that package's
 * package.json (drizzle-orm's is 180 kB, 117 files: 1.5 s, against 0.16 s on Node 20), and tsx
 * transpiles every source file on each start. A bundle is a few files, read once.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
/** The built entry: bin/campanile.js and the Dockerfile run it. */
export const ENTRY = join(dist, 'main.js');
/** Every source the bundle was built from (with package.json and the installed tree), for `isStale`. */
const INPUTS = join(dist, 'inputs.json');

/**
 * Worker threads' entries (src/threads.ts `threadEntry`), built beside their mirrors: dist/analysis/pool-worker.js.
 * Everything they import is shared with main.ts, which reaches every module, so it lands in the
 * chunks directly in dist/; only the entry module itself sits deeper, and must not use import.meta.url.
 */
const THREADS = ['analysis/pool-worker', 'commands/configured-sources-thread'];

/**
 * Loaded at run time from node_modules, not bundled: PGlite finds its WASM and data files next to
 * its own modules; pino-pretty is required only on a terminal (src/log.ts), pino with it; undici
 * is imported dynamically (src/http/client.ts), and esbuild gives a dynamically imported CommonJS
 * package a default export only, not the named ones Node gives it.
 */
const EXTERNAL = ['@electric-sql/pglite', 'pino', 'pino-pretty', 'undici'];

/**
 * Every chunk sits directly in dist/ (thread entries aside: THREADS), so `import.meta.url` means the same place in every chunk.
 * A source file's `import.meta.url` becomes the URL of its mirror under dist/ (src/db/client.ts →
 * dist/db/client.js), where the files it reads beside itself (page assets, gazetteer data) are
 * copied: `new URL('./assets/', import.meta.url)` and `createRequire(import.meta.url)` keep working.
 */
const sourceUrlPlugin = {
  name: 'source-import-meta-url',
  /** @param {import('esbuild').PluginBuild} build */
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, (args) => {
      const path = relative(src, args.path);
      if (path.startsWith('..')) return undefined;
      const contents = readFileSync(args.path, 'utf8');
      if (!contents.includes('import.meta.url')) return { contents, loader: 'ts' };
      if (THREADS.includes(path.replaceAll('\\', '/').replace(/\.ts$/, ''))) throw new Error(`${path}: a thread entry must not use import.meta.url (THREADS)`);
      const mirror = `./${path.replaceAll('\\', '/').replace(/\.ts$/, '.js')}`;
      return { contents: contents.replaceAll('import.meta.url', `new URL(${JSON.stringify(mirror)}, import.meta.url).href`), loader: 'ts' };
    });
  },
};

/**
 * Builds dist/. `clean` empties it first (npm run build); otherwise (a rebuild from bin/) chunks
 * are content-named and only added, so that a worker already running from dist/ still finds the
 * chunks it imports lazily; the entry is replaced last, atomically. Returns the build's duration.
 */
export async function build({ clean = true } = {}) {
  const started = performance.now();
  const esbuild = await import('esbuild');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(src, 'main.ts'), ...THREADS.map((out) => ({ in: join(src, `${out}.ts`), out }))],
    outdir: dist,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node24',
    external: EXTERNAL,
    chunkNames: '[name]-[hash]',
    // Bundled CommonJS packages call require(): give the ESM chunks one.
    banner: { js: "import { createRequire as __campanileRequire } from 'node:module'; const require = __campanileRequire(import.meta.url);" },
    plugins: [sourceUrlPlugin],
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  if (clean) rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  copyAssets(src, dist);
  const entry = result.outputFiles.find((f) => f.path === ENTRY);
  for (const file of result.outputFiles) if (file !== entry) writeAtomically(file.path, file.contents);
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.includes('node_modules/'));
  writeAtomically(INPUTS, JSON.stringify([...inputs, 'package.json', 'node_modules/.package-lock.json', 'scripts/build.js']));
  if (!clean) removeOldChunks(new Set(result.outputFiles.map((f) => f.path)));
  if (entry) writeAtomically(entry.path, entry.contents);
  return performance.now() - started;
}

/** True when dist/ is missing or older than one of the files it was built from. */
export function isStale() {
  let builtAt;
  let inputs;
  try {
    builtAt = statSync(ENTRY).mtimeMs;
    inputs = JSON.parse(readFileSync(INPUTS, 'utf8'));
  } catch {
    return true;
  }
  return inputs.some((input) => {
    const stat = statSync(join(root, input), { throwIfNoEntry: false });
    // A source gone is a change; a missing lock file (another installer) is not.
    return stat ? stat.mtimeMs > builtAt : input.startsWith('src/');
  });
}

/** Files that sources read beside themselves (not .ts): mirrored under dist/. */
export function copyAssets(from, to) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyAssets(source, target);
    else if (!entry.name.endsWith('.ts') && !entry.name.endsWith('.md')) {
      mkdirSync(to, { recursive: true });
      copyFileSync(source, target);
    }
  }
}

function writeAtomically(path, contents) {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, path);
}

/** Chunks no longer built, once a day old: a process started before the rebuild has long loaded them. */
function removeOldChunks(current) {
  const dayAgo = Date.now() - 86_400_000;
  for (const name of readdirSync(dist)) {
    const path = join(dist, name);
    if (name.endsWith('.js') && !current.has(path) && statSync(path, { throwIfNoEntry: false })?.mtimeMs < dayAgo) rmSync(path, { force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ms = await build();
  process.stdout.write(`campanile: built ${relative(root, ENTRY)} in ${Math.round(ms)} ms\n`);
}
