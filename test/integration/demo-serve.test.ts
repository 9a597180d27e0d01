import { spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

/** `npm run demo -- --serve`: after the demo, its leaderboard page stays open on localhost. */
describe('demo --serve', () => {
  let child: ReturnType<typeof spawn> | undefined;
  afterAll(() => {
    if (child?.exitCode === null) child.kill('SIGKILL');
  });

  it('serves the demo challenge page and its standings until Ctrl-C', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'campanile-demo-'));
    const proc = spawn(process.execPath, ['--liftoff-only', '--import', 'tsx', 'src/main.ts', 'demo', '--serve'], {
      env: { PATH: process.env.PATH, CAMPANILE_DATA_DIR: join(dir, 'data'), CAMPANILE_OUT_DIR: join(dir, 'out'), CAMPANILE_HTTP_PORT: '0', LOG_FORMAT: 'json' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    let out = '';
    proc.stderr?.on('data', (c: Buffer) => (out += c.toString()));
    const page = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no page line; output:\n${out.slice(-3000)}`)), 170_000);
      proc.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const line = /leaderboard page: (http:\/\/127\.0\.0\.1:\d+\/challenges\/\S+)/.exec(out);
        if (line?.[1]) {
          clearTimeout(timer);
          resolve(line[1]);
        }
      });
      void exited.then((code) => reject(new Error(`the demo exited (${code}):\n${out.slice(-3000)}`)));
    });
    const html = await fetch(page);
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    const api = await fetch(`${page.replace('/challenges/', '/v1/challenges/')}/leaderboard`);
    expect(api.status).toBe(200);
    const body = (await api.json()) as { standings: { locality: { name: string } }[] };
    expect(body.standings.map((s) => s.locality.name)).toContain('Camogli');

    proc.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 180_000);
});
