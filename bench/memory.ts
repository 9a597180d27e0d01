/**
 * Peak RSS of a process that ingests N posts into Postgres through the worker's path, measured
 * in a child process of its own (so the bench's other data is not counted): getrusage maxrss,
 * plus RSS samples along the run. Pages are generated and written a poll at a time, so a flat
 * curve means that nothing accumulates per post.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface MemoryFigures {
  peakRssMB: number;
  posts: number;
  seconds: number;
  rssMB: number[];
}

export function measureMemory(posts: number): Promise<MemoryFigures> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./memory-child.ts', import.meta.url)), String(posts)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`memory child exited with ${code}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').at(-1) ?? '') as MemoryFigures);
      } catch (err) {
        reject(err);
      }
    });
  });
}
