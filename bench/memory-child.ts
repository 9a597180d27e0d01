/**
 * Child process of bench/memory.ts, run as compiled JavaScript: ingests N posts through the
 * worker's path (bench/ingest.ts fullIngest) into the database at URL, which the parent created
 * and migrated, and prints one JSON line with the peak RSS (getrusage maxrss) and the RSS after
 * each tenth of the run, to show whether it stays flat.
 *   node bench/.build/bench/memory-child.js URL N
 */
import { openDatabase } from '../src/db/client.js';
import { fullIngest } from './ingest.js';
import { benchCampaign } from './workload.js';

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
  const started = performance.now();
  const result = await fullIngest(db, campaign, total, () => {
    polls += 1;
    if (polls % Math.max(1, Math.round(total / 800 / 10)) === 0) samples.push(mb(process.memoryUsage().rss));
  });
  process.stdout.write(
    `${JSON.stringify({
      posts: result.posts,
      stored: result.stored,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
      rssMB: samples,
      peakAtPoll: peak.poll,
      peakHeapMB: peak.heapMB,
      peakExternalMB: peak.externalMB,
      polls,
    })}\n`,
  );
} finally {
  clearInterval(sampler);
  await db.close();
}
