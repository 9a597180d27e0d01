import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentLigurianPosts } from '../../src/simulator/generator.js';
import { startMastodonSimulator, type MastodonSimulator } from '../../src/simulator/mastodon.js';
import { WAIT_MS } from '../helpers/worker-process.js';

const run = promisify(execFile);
const BIN = 'bin/campanile.js';
const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * What `npm start` and `npx campanile` run: bin/campanile.js, which runs the esbuild bundle in
 * dist/ (rebuilt first when a source is newer), not the TypeScript source the other suites load.
 * The bundle must find what its modules read beside themselves: the SQL migrations, the page's
 * assets, the gazetteer data, PGlite's WebAssembly.
 */
describe('the built CLI (bin/campanile.js, dist/)', () => {
  let sim: MastodonSimulator;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    sim = await startMastodonSimulator();
    const now = Date.now();
    sim.add(recentLigurianPosts({ seed: 3, count: 40 }));
    dir = await mkdtemp(join(tmpdir(), 'campanile-built-'));
    await writeFile(
      join(dir, 'campaigns.yaml'),
      `campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, id: sim, instance: "${sim.url}", schedule: "0 0 1 1 *", limit: 40, maxPages: 5 }
    localities: { gazetteer: it, region: Liguria }
    challenge: { id: built-cli, start: "${day(now - DAY)}", end: "${day(now + DAY)}", timezone: Europe/Rome, snapshotSchedule: "0 0 1 1 *" }
`,
    );
    env = {
      PATH: process.env.PATH,
      CAMPANILE_CONFIG: join(dir, 'campaigns.yaml'),
      CAMPANILE_DATA_DIR: join(dir, 'data'),
      CAMPANILE_OUT_DIR: join(dir, 'out'),
      CAMPANILE_HTTP_PORT: '0',
      LOG_FORMAT: 'json',
    };
  }, WAIT_MS);

  afterAll(async () => {
    await sim?.close();
  });

  it(
    'validates the example config with the gazetteer data copied beside the bundle',
    async () => {
      const { stdout, stderr } = await run(process.execPath, [BIN, 'validate', 'config/campaigns.example.yaml'], { env, timeout: WAIT_MS });
      expect(stderr).not.toContain('build failed');
      expect(stdout).toContain('campaigns.example.yaml');
      expect(existsSync('dist/main.js')).toBe(true);
    },
    WAIT_MS,
  );

  it(
    'runs the worker: migrates a new data dir, serves the page and its assets, answers status through its admin API, stops on SIGTERM',
    async () => {
      // With an analysis thread: its entry is built beside the bundle and runs under the bin's V8 flags.
      const child = spawn(process.execPath, [BIN, 'run'], { env: { ...env, CAMPANILE_ANALYSIS_THREADS: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let err = '';
      try {
        const http = await new Promise<string>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`the worker never ran; output:\n${err.slice(-3000)}`)), WAIT_MS);
          child.stderr?.on('data', (chunk: Buffer) => {
            err += chunk.toString();
            if (err.includes('"msg":"poll failed')) reject(new Error(`a poll failed:\n${err.slice(-3000)}`));
            const running = err.split('\n').find((line) => line.includes('"worker running'));
            if (running && err.includes('"poll complete"') && err.includes('"leaderboard published"')) {
              clearTimeout(timer);
              resolve((JSON.parse(running) as { http: string }).http);
            }
          });
          void exited.then((code) => reject(new Error(`the worker exited (${code}):\n${err.slice(-3000)}`)));
        });
        expect(err).not.toContain('build failed');

        const page = await fetch(new URL('/challenges/built-cli', http));
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('leaderboard.js');
        const script = await fetch(new URL('/assets/leaderboard.js', http));
        expect(script.status).toBe(200);

        const { stdout } = await run(process.execPath, [BIN, 'status', '--json'], { env, timeout: WAIT_MS });
        expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ source: 'orgoglioliguria/sim', lastSuccess: expect.any(String) })]);
      } finally {
        child.kill('SIGTERM');
      }
      expect(await exited).toBe(0);
    },
    WAIT_MS,
  );

  it(
    'status without a worker opens the database itself and reads the config on its own thread, problems with their place',
    async () => {
      const { stdout } = await run(process.execPath, [BIN, 'status', '--json'], { env, timeout: WAIT_MS });
      const [row] = JSON.parse(stdout) as { source: string; schedule: string; lastSuccess: string | null; posts: number }[];
      expect(row).toMatchObject({ source: 'orgoglioliguria/sim', schedule: '0 0 1 1 *', lastSuccess: expect.any(String) });
      expect(row?.posts).toBeGreaterThan(0);

      const broken = join(dir, 'broken.yaml');
      await writeFile(
        broken,
        'campaigns:\n  - id: x\n    hashtags: ["#x"]\n    sources:\n      - { platform: mastodon, instance: "https://m.example", schedule: "every day" }\n',
      );
      const failed = await run(process.execPath, [BIN, 'status', '--config', broken], { env, timeout: WAIT_MS }).catch(
        (e: { code: number; stderr: string }) => e,
      );
      expect(failed).toMatchObject({ code: 1 });
      expect((failed as { stderr: string }).stderr).toMatch(/broken\.yaml:5:\d+: campaigns\.0\.sources\.0\.schedule: .*cron/);
    },
    WAIT_MS,
  );
});
