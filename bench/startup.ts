/**
 * Start-up figures, each in a fresh process as a user starts it (Node 24, the bundle dist/ built
 * first, the embedded database in a temporary data dir, already created: the one-time initdb is
 * measured apart):
 * - `campanile --help` and `campanile status` wall time (median of 3): bin/campanile.js executed
 *   as `npx campanile` executes it (its shebang line), without npx's own start;
 * - `npm start`'s command (package.json's `start`, run by this Node) to its "worker running" line,
 *   its RSS then, and its peak RSS (VmHWM) once the first poll and snapshot are done, polling
 *   a simulated Mastodon on loopback with a Ligurian challenge;
 * - `campanile status` while that worker runs (it answers through the worker's admin API);
 * - the floor under these, measured alike in the same run: `node -e 0`, and a bare script that
 *   opens PGlite on the same data dir with the same settings and closes it (with `--liftoff-only`,
 *   as every command).
 * `npm run bench:startup` runs this part alone.
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { PGLITE_SETTINGS } from '../src/db/client.js';
import { recentLigurianPosts } from '../src/simulator/generator.js';
import { startMastodonSimulator } from '../src/simulator/mastodon.js';

export interface StartupFigures {
  helpMs: number;
  statusMs: number;
  /** `status` while the worker runs: through its admin API, the database already open. */
  statusViaWorkerMs: number;
  /** `node -e 0`: Node's own start. */
  nodeMs: number;
  /** A bare script importing PGlite, opening the data dir and closing it: the embedded database's own start. */
  pgliteMs: number;
  /** The first `migrate` on an empty data dir: PGlite's initdb plus the migrations. */
  firstStartMs: number;
  runToWorkerRunningMs: number;
  runRssMB: number;
  runPeakRssMB: number;
}

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin/campanile.js');
const run = promisify(execFile);

function configYaml(simUrl: string): string {
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  return `campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, id: sim, instance: "${simUrl}", schedule: "0 0 1 1 *", limit: 40, maxPages: 50 }
    localities: { gazetteer: it, region: Liguria }
    challenge: { id: startup-bench, start: "${day(-2)}", end: "${day(2)}", timezone: Europe/Rome, snapshotSchedule: "0 0 1 1 *" }
`;
}

/** `campanile ARGS` as the shell runs it: bin/campanile.js itself, its shebang finding this Node on PATH. */
async function wallMs(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const started = performance.now();
  await run(bin, args, { cwd: root, env });
  return performance.now() - started;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const rssOf = (pid: number, field: 'VmRSS' | 'VmHWM') =>
  Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) / 1024;

export async function measureStartup(): Promise<StartupFigures> {
  const dir = await mkdtemp(join(os.tmpdir(), 'campanile-startup-'));
  const sim = await startMastodonSimulator();
  sim.add(recentLigurianPosts({ seed: 5, count: 1000, hours: 24 }));
  await writeFile(join(dir, 'campaigns.yaml'), configYaml(sim.url));
  const env = {
    PATH: [dirname(process.execPath), process.env.PATH].join(delimiter),
    CAMPANILE_CONFIG: join(dir, 'campaigns.yaml'),
    CAMPANILE_DATA_DIR: join(dir, 'data'),
    CAMPANILE_OUT_DIR: join(dir, 'out'),
    CAMPANILE_HTTP_PORT: '0',
    LOG_FORMAT: 'json',
  };
  try {
    // npm ci builds dist/ (prepare), bin/ rebuilds it when a source is newer: not a start's cost.
    await run(process.execPath, [join(root, 'scripts/build.js')], { cwd: root });
    const firstStartMs = await wallMs(['migrate'], env);
    const help: number[] = [];
    const status: number[] = [];
    for (let i = 0; i < 3; i++) help.push(await wallMs(['--help'], env));
    for (let i = 0; i < 3; i++) status.push(await wallMs(['status'], env));
    const floor = await measureFloor(dir, env);
    const worker = await runWorkerOnce(env);
    return { helpMs: median(help), statusMs: median(status), firstStartMs, ...floor, ...worker };
  } finally {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** `node -e 0` and PGlite alone on the data dir `migrate` created, median of 3 each. */
async function measureFloor(dir: string, env: NodeJS.ProcessEnv): Promise<Pick<StartupFigures, 'nodeMs' | 'pgliteMs'>> {
  const script = join(dir, 'pglite-alone.mjs');
  const pglite = pathToFileURL(join(root, 'node_modules/@electric-sql/pglite/dist/index.js')).href;
  await writeFile(
    script,
    `const { PGlite } = await import(${JSON.stringify(pglite)});
const db = new PGlite(${JSON.stringify(join(String(env.CAMPANILE_DATA_DIR), 'pglite'))}, { postgresqlconf: ${JSON.stringify(PGLITE_SETTINGS)} });
await db.waitReady;
await db.query('select 1');
await db.close();
`,
  );
  const node: number[] = [];
  const pgliteAlone: number[] = [];
  for (let i = 0; i < 3; i++) {
    let started = performance.now();
    await run(process.execPath, ['-e', '0'], { env });
    node.push(performance.now() - started);
    started = performance.now();
    await run(process.execPath, ['--liftoff-only', script], { env });
    pgliteAlone.push(performance.now() - started);
  }
  return { nodeMs: median(node), pgliteMs: median(pgliteAlone) };
}

/** package.json's `start` script, `node …`, as arguments for this Node. */
function npmStartArgs(): string[] {
  const script = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  const [command, ...args] = script.split(/\s+/);
  if (command !== 'node') throw new Error(`bench startup: expected "npm start" to run node, not ${JSON.stringify(script)}`);
  return args;
}

/** `npm start`'s command until its first poll and snapshot are done, then `status` through it; then SIGTERM. */
async function runWorkerOnce(
  env: NodeJS.ProcessEnv,
): Promise<Pick<StartupFigures, 'runToWorkerRunningMs' | 'runRssMB' | 'runPeakRssMB' | 'statusViaWorkerMs'>> {
  const started = performance.now();
  const child = spawn(process.execPath, npmStartArgs(), { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid as number;
  let text = '';
  let running: { ms: number; rss: number } | null = null;
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`bench startup: the worker did not finish its first poll in 180 s:\n${text.slice(-2000)}`)), 180_000);
      child.once('exit', (code) => reject(new Error(`bench startup: the worker exited (${code}):\n${text.slice(-2000)}`)));
      child.stderr?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (!running && text.includes('"worker running')) running = { ms: performance.now() - started, rss: rssOf(pid, 'VmRSS') };
        if (text.includes('"poll complete"') && text.includes('"leaderboard published"')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const peak = rssOf(pid, 'VmHWM');
    const at = running as { ms: number; rss: number } | null;
    const status: number[] = [];
    for (let i = 0; i < 3; i++) status.push(await wallMs(['status'], env));
    return { runToWorkerRunningMs: at?.ms ?? NaN, runRssMB: at?.rss ?? NaN, runPeakRssMB: peak, statusViaWorkerMs: median(status) };
  } finally {
    child.removeAllListeners('exit');
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  }
}

/** The README rows. */
export function startupRows(f: StartupFigures): [string, string, string, string][] {
  const ms = (v: number) => Math.round(v).toLocaleString('en-US');
  return [
    ['`campanile --help` (ms)', ms(f.helpMs), 'target < 500', 'median of 3, bin/campanile.js run as `npx campanile` runs it'],
    [
      '`campanile status`, PGlite (ms)',
      ms(f.statusMs),
      'target < 1,000',
      `median of 3, no worker running: opens the database; PGlite's own start in the same run: ${ms(f.pgliteMs)} ms, \`node -e 0\`: ${ms(f.nodeMs)} ms`,
    ],
    ['`campanile status`, worker running (ms)', ms(f.statusViaWorkerMs), 'target < 1,000', "median of 3, through the worker's admin API"],
    [
      '`npm start` to "worker running", PGlite (ms)',
      ms(f.runToWorkerRunningMs),
      'target < 2,000',
      `first start of a new data dir (initdb + migrations): ${ms(f.firstStartMs)} ms`,
    ],
    ['`npm start` RSS, PGlite (MB)', ms(f.runRssMB), 'target < 400', `peak after the first poll and snapshot: ${ms(f.runPeakRssMB)} MB`],
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const figures = await measureStartup();
  process.stdout.write(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}\n`,
  );
  for (const r of startupRows(figures)) process.stdout.write(`| ${r.join(' | ')} |\n`);
}
