/**
 * Child process of bench/memory.ts: ingests N posts into a fresh Postgres database through the
 * worker's path (bench/ingest.ts fullIngest) and prints one JSON line with the peak RSS
 * (getrusage maxrss) and the RSS after each tenth of the run, to show whether it stays flat.
 */
import { freshDatabase } from './databases.js';
import { fullIngest } from './ingest.js';
import { benchCampaign } from './workload.js';

const total = Number(process.argv[2]);
const db = await freshDatabase('postgres');
const mb = (bytes: number) => Math.round(bytes / 1_048_576);
const samples: number[] = [];
let polls = 0;
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
    })}\n`,
  );
} finally {
  await db.dispose();
}
