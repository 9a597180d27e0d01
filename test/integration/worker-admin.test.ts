import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli.js';
import { captureOutput } from '../helpers/capture-output.js';
import { LOCK_FILE } from '../../src/data-dir-lock.js';
import type { Snapshot } from '../../src/leaderboard/snapshot.js';
import { recentLigurianPosts } from '../../src/simulator/generator.js';
import { startMastodonSimulator, type MastodonSimulator } from '../../src/simulator/mastodon.js';

const DAY = 86_400_000;
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function configYaml(simUrl: string): string {
  const now = Date.now();
  // Schedules that never fire again: the worker polls and snapshots once, at start.
  return `campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, id: sim, instance: "${simUrl}", schedule: "0 0 1 1 *", limit: 40, maxPages: 20 }
    localities:
      gazetteer: it
      region: Liguria
      include: [Genova, Camogli, Rapallo]
    challenge:
      id: admin-test
      start: "${day(now - DAY)}"
      end: "${day(now + DAY)}"
      timezone: Europe/Rome
      snapshotSchedule: "0 0 1 1 *"
`;
}

/** `run` serves the embedded database; the other commands reach it through its admin API or stop. */
describe('commands while the worker serves the embedded database', () => {
  let sim: MastodonSimulator;
  let dir: string;
  let child: ReturnType<typeof spawn>;
  let exited: Promise<number | null>;
  const output: string[] = [];

  beforeAll(async () => {
    sim = await startMastodonSimulator();
    sim.add(recentLigurianPosts({ seed: 11, count: 150, hours: 6 }));
    dir = await mkdtemp(join(tmpdir(), 'campanile-admin-'));
    await writeFile(join(dir, 'campaigns.yaml'), configYaml(sim.url));
    const env = { CAMPANILE_CONFIG: join(dir, 'campaigns.yaml'), CAMPANILE_DATA_DIR: join(dir, 'data'), CAMPANILE_OUT_DIR: join(dir, 'out') };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    vi.stubEnv('DATABASE_URL', '');
    child = spawn(process.execPath, ['--liftoff-only', '--import', 'tsx', 'src/main.ts', 'run'], {
      env: { PATH: process.env.PATH, ...env, CAMPANILE_HTTP_PORT: '0', LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    // Ready once the first poll is stored.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the worker never published; output:\n${output.join('').slice(-3000)}`)), 90_000);
      const onData = (chunk: Buffer) => {
        output.push(chunk.toString());
        if (output.join('').includes('"poll complete"')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      void exited.then((code) => reject(new Error(`the worker exited (${code}):\n${output.join('')}`)));
    });
  }, 120_000);

  afterEach(() => vi.restoreAllMocks());

  afterAll(async () => {
    vi.unstubAllEnvs();
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await exited;
    }
    await sim.close();
  });

  it('keeps its lock file private to its user', async () => {
    expect((await stat(join(dir, 'data', LOCK_FILE))).mode & 0o777).toBe(0o600);
  });

  it('relabel by the link the page shows is reflected in the next snapshot', async () => {
    let io = captureOutput();
    expect(await main(['snapshot'])).toBe(0);
    vi.restoreAllMocks();
    const published = JSON.parse(await readFile(join(dir, 'out', 'admin-test.json'), 'utf8')) as Snapshot;
    const town = published.standings.find((s) => s.topPosts.some((p) => p.url));
    const post = town?.topPosts.find((p) => p.url);
    if (!town || !post?.url) throw new Error('the snapshot has no top post with a link');
    const before = town.components.sentiment.raw;

    io = captureOutput();
    expect(await main(['relabel', '--campaign', 'orgoglioliguria', '--post', post.url, '--label', 'negative'])).toBe(0);
    expect(io.out()).toContain(`mastodon:${post.externalId}`);
    vi.restoreAllMocks();

    io = captureOutput();
    expect(await main(['snapshot'])).toBe(0);
    vi.restoreAllMocks();
    const after = JSON.parse(await readFile(join(dir, 'out', 'admin-test.json'), 'utf8')) as Snapshot;
    const relabelled = after.standings.find((s) => s.locality.id === town.locality.id);
    expect(relabelled?.components.sentiment.raw).toBeLessThan(before);
    expect(io.out()).toContain(town.locality.name);
  });

  it('status goes through the worker and prints only JSON on stdout', async () => {
    const io = captureOutput();
    expect(await main(['status', '--json'])).toBe(0);
    const rows = JSON.parse(io.out()) as { source: string; lastSuccess: string | null }[];
    expect(rows).toEqual([expect.objectContaining({ source: 'orgoglioliguria/sim', lastSuccess: expect.any(String) })]);
  });

  it('any other command stops at once, naming the worker and the way out', async () => {
    for (const argv of [['poll', '--once'], ['migrate'], ['run']]) {
      const io = captureOutput();
      expect(await main(argv)).toBe(1);
      expect(io.err()).toContain(`in use by the worker (pid ${child.pid}`);
      expect(io.err()).toContain(`kill ${child.pid}`);
      expect(io.err()).toContain('DATABASE_URL');
      vi.restoreAllMocks();
    }
    expect(child.exitCode).toBeNull();
  });

  it('refuses a request without its token', async () => {
    const lock = JSON.parse(await readFile(join(dir, 'data', LOCK_FILE), 'utf8')) as { adminUrl: string };
    const response = await fetch(new URL('/admin/status', lock.adminUrl), { headers: { authorization: 'Bearer not-the-token-at-all' } });
    expect(response.status).toBe(401);
  });
});
