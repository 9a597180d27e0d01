import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';

/** The process as an operator stops it: a real SIGTERM, with a job that never settles. */
describe('shutdown', () => {
  it('exits once the grace period and the close margin are over, even if a job never settles, and stops renewing its lease', async () => {
    const graceMs = 300;
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/stuck-job-process.ts'], {
      env: { PATH: process.env.PATH, GRACE_MS: String(graceMs) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: string[] = [];
    let ready!: () => void;
    const isReady = new Promise<void>((resolve) => (ready = resolve));
    // Logs go to stderr; stdout is watched too so that nothing the child says is lost.
    for (const stream of [child.stdout, child.stderr]) {
      stream.on('data', (c: Buffer) => {
        out.push(c.toString());
        if (out.join('').includes('"job started"')) ready();
      });
    }
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    try {
      await isReady;
      child.kill('SIGTERM');
      const [code] = await Promise.race([
        exited,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`still running; output:\n${out.join('')}`)), 60_000)),
      ]);
      expect(code).toBe(1);
    } finally {
      child.kill('SIGKILL');
    }
    const messages = out
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages).toContain('grace period over: leaving runs behind');
    expect(messages.at(-1)).toBe('shutdown overran its grace period: exiting now');
    const stopped = messages.indexOf('scheduler stopped');
    expect(messages.slice(stopped).filter((m) => m.startsWith('lease renewal failed'))).toEqual([]);
  }, 90_000);
});
