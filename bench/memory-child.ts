/**
 * Child process of bench/memory.ts, run as compiled JavaScript: ingests N posts through the
 * worker's path (bench/ingest.ts fullIngest) into the database at URL, which the parent created
 * and migrated, and prints one JSON line with the peak RSS (VmHWM) and the RSS after
 * each tenth of the run, to show whether it stays flat.
 *   node bench/.build/bench/memory-child.js URL N
 */
import { readFileSync } from 'node:fs';
import { openDatabase } from '../src/db/client.js';
import { fullIngest, type IngestProgress } from './ingest.js';
import { msPerThousand, serverCpuSeconds } from './server-cpu.js';
import { benchCampaign } from './workload.js';

/**
 * The process's own peak RSS: Linux's VmHWM, the high-water mark of this program's memory.
 * Not getrusage's maxrss, which on Linux carries over across exec the RSS of the process that
 * forked this one, so a child spawned from a large parent reports the parent's size (the full
 * bench's parent is several hundred MB by then). maxrss where /proc is not available.
 */
function peakRssMB(): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (hwm) return Math.round(Number(hwm[1]) / 1024);
  } catch {
    // not Linux
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** Where a run is: posts and timed seconds so far, and the CPU seconds the server and the polls used. */
type Progress = { posts: number; seconds: number; serverCpu: number | null; nodeCpu: number };
const rate = (from: Progress, to: Progress) => {
  const posts = to.posts - from.posts;
  return {
    from: from.posts,
    to: to.posts,
    postsPerSecond: Math.round(posts / (to.seconds - from.seconds)),
    // CPU per post does not move with the machine's load as wall time does: it tells a write
    // path that costs more as tables grow from a machine that slowed down during the run.
    serverCpuMsPer1k: from.serverCpu === null || to.serverCpu === null ? null : msPerThousand(to.serverCpu - from.serverCpu, posts),
    nodeCpuMsPer1k: msPerThousand(to.nodeCpu - from.nodeCpu, posts),
  };
};
function windows(start: Progress, first: Progress | null, lastFrom: Progress | null, end: Progress) {
  if (!first || !lastFrom) return null;
  return { first: rate(start, first), last: rate(lastFrom, end) };
}

const [url, count] = process.argv.slice(2);
const total = Number(count);
if (!url || !Number.isInteger(total) || total <= 0) throw new Error('usage: memory-child URL POSTS');
const db = await openDatabase({ url, maxConnections: 4 });
const mb = (bytes: number) => Math.round(bytes / 1_048_576);
const samples: number[] = [];
let polls = 0;
// Where the peak happens, to tell a start-up spike from growth along the run.
let peak = { rssMB: 0, poll: 0, heapMB: 0, externalMB: 0 };
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  const rss = mb(usage.rss);
  if (rss > peak.rssMB) peak = { rssMB: rss, poll: polls, heapMB: mb(usage.heapTotal), externalMB: mb(usage.external) };
}, 25).unref();
try {
  const campaign = benchCampaign();
  const progressAt = async ({ posts, seconds, nodeCpuSeconds }: IngestProgress): Promise<Progress> => ({
    posts,
    seconds,
    serverCpu: await serverCpuSeconds(db.db, db.kind),
    nodeCpu: nodeCpuSeconds,
  });
  const start = await progressAt({ posts: 0, seconds: 0, nodeCpuSeconds: 0 });
  const started = performance.now();
  // Posts/s over the first fifth of the run and over the last fifth (0–200k and 800k–1M stored
  // posts in the full run): the same rate at both ends means the write path does not slow down
  // as the tables grow. Progress comes per poll, so each window starts at a poll boundary.
  const fifth = total / 5;
  let first: Progress | null = null;
  let lastFrom: Progress | null = null;
  let end = start;
  const result = await fullIngest(db, campaign, total, async (now) => {
    // The server's CPU is read (a query) only where a window starts or ends.
    const endsFirst = !first && now.posts >= fifth;
    const startsLast = !lastFrom && now.posts >= total - fifth;
    if (endsFirst || startsLast || now.posts >= total) {
      const progress = await progressAt(now);
      if (endsFirst) first = progress;
      if (startsLast) lastFrom = progress;
      end = progress;
    }
    polls += 1;
    if (polls % Math.max(1, Math.round(total / 800 / 10)) === 0) samples.push(mb(process.memoryUsage().rss));
  });
  process.stdout.write(
    `${JSON.stringify({
      posts: result.posts,
      stored: result.stored,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      peakRssMB: peakRssMB(),
      rssMB: samples,
      peakAtPoll: peak.poll,
      peakHeapMB: peak.heapMB,
      peakExternalMB: peak.externalMB,
      polls,
      bySize: windows(start, first, lastFrom, end),
    })}\n`,
  );
} finally {
  clearInterval(sampler);
  await db.close();
}
