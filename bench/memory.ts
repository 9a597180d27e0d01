/**
 * Peak RSS of a process that ingests N posts into Postgres through the worker's path, measured
 * in a child process of its own (so the bench's other data is not counted): its VmHWM,
 * plus RSS samples along the run. Pages are generated and written a poll at a time, so a flat
 * curve means that nothing accumulates per post.
 *
 * The child runs as compiled JavaScript (tsc, bench/tsconfig.memory.json), as the Docker image
 * runs the worker (`node dist/main.js`, with the image's NODE_OPTIONS: its heap cap): tsx's
 * loader alone adds ~35 MB to a process. The database is created and migrated here, so the child
 * only ingests.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { freshDatabase } from './databases.js';
import { copyAssets } from '../scripts/build.js';

export interface MemoryFigures {
  peakRssMB: number;
  posts: number;
  seconds: number;
  rssMB: number[];
  /** The poll during which the RSS peaked (sampled every 25 ms), of `polls`. */
  peakAtPoll: number;
  polls: number;
  /** Worker-path posts/s over the first and the last fifth of the run (stored posts from–to). */
  bySize: { first: SizeWindow; last: SizeWindow } | null;
}

export interface SizeWindow {
  from: number;
  to: number;
  postsPerSecond: number;
  /** CPU the database's server processes used per 1,000 posts (null: not a server of this machine). */
  serverCpuMsPer1k: number | null;
  /** CPU the ingesting process used per 1,000 posts inside its polls (not generating the bodies). */
  nodeCpuMsPer1k: number;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The Docker image's `ENV NODE_OPTIONS="…"`: the flags the worker runs with in production. */
export function imageNodeOptions(dockerfile = readFileSync(here('../Dockerfile'), 'utf8')): string {
  const line = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(dockerfile);
  if (!line) throw new Error('Dockerfile: no ENV NODE_OPTIONS="…" line for the memory bench to run its child with');
  return line[1] as string;
}

function compileChild(): string {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', here('./tsconfig.memory.json')], { stdio: 'inherit' });
  // The data files the compiled code reads beside itself (gazetteers, lexicons, page assets), as `npm run build` copies them.
  copyAssets(here('../src'), here('./.build/src'));
  return here('./.build/bench/memory-child.js');
}

export async function measureMemory(posts: number): Promise<MemoryFigures> {
  const child = compileChild();
  const db = await freshDatabase('postgres');
  try {
    return await runChild(child, db.url as string, posts);
  } finally {
    await db.dispose();
  }
}

function runChild(script: string, url: string, posts: number): Promise<MemoryFigures> {
  const child = spawn(process.execPath, [script, url, String(posts)], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_OPTIONS: imageNodeOptions() },
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
