import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnv } from './config/env.js';
import { loadConfigFile } from './config/load.js';
import { createContext } from './context.js';
import { openDatabase } from './db/client.js';
import { pollTargets } from './jobs/index.js';
import { pollSource } from './jobs/poll-source.js';
import { publishLeaderboard } from './jobs/publish-leaderboard.js';
import { formatStandingsTable } from './leaderboard/table.js';
import { generatePosts, LIGURIAN_TOWNS } from './simulator/generator.js';
import { startMastodonSimulator } from './simulator/mastodon.js';

const HOUR = 3_600_000;

/**
 * The whole product offline: a simulated Mastodon instance on loopback, the real worker
 * polling it over HTTP into a fresh embedded database, snapshots written to the out dir.
 */
export async function runDemo(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { config: { type: 'string', short: 'c' }, seed: { type: 'string' } }, strict: true });
  const seed = Number(values.seed ?? 7);
  if (!Number.isInteger(seed)) throw Object.assign(new Error('--seed takes an integer'), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const now = new Date();
  const env = loadEnv({ LOG_LEVEL: 'warn', ...process.env });

  const sim = await startMastodonSimulator();
  say(`▶ simulated Mastodon instance on ${sim.url}`);
  const history = generatePosts({
    seed,
    towns: LIGURIAN_TOWNS,
    start: new Date(now.getTime() - 48 * HOUR),
    end: new Date(now.getTime() - HOUR),
    count: 2400,
    campaignTag: 'orgoglioliguria',
  });
  sim.add(history);
  say(`▶ ${history.length} posts for #orgoglioliguria across ${LIGURIAN_TOWNS.length} Ligurian towns over the last 48 h`);

  const dataDir = join(env.CAMPANILE_DATA_DIR, 'demo');
  await rm(dataDir, { recursive: true, force: true });
  const database = await openDatabase({ dataDir });
  const config = await loadConfigFile(values.config ?? 'config/demo.yaml', {
    ...process.env,
    CAMPANILE_SIM_URL: sim.url,
    DEMO_START: new Date(now.getTime() - 72 * HOUR).toISOString(),
    DEMO_END: new Date(now.getTime() + 24 * HOUR).toISOString(),
  });
  const ctx = await createContext(env, config, { database });
  try {
    await database.migrate();
    say(`▶ embedded Postgres (PGlite) at ${dataDir}, migrated`);
    const targets = pollTargets(ctx);
    const poll = async (label: string) => {
      for (const target of targets) {
        const o = await pollSource(target, { db: database.db, log: ctx.log, now: ctx.now }, new AbortController().signal);
        say(`▶ ${label}: ${target.key}: ${o.pages} pages, ${o.fetched} fetched, ${o.inserted} new, ${o.updated} re-seen, ${o.quarantined} quarantined${o.error ? `, error: ${o.error}` : ''}`);
      }
    };
    await poll('poll 1');

    const burst = generatePosts({
      seed: seed + 1,
      towns: LIGURIAN_TOWNS,
      start: new Date(now.getTime() - HOUR),
      end: now,
      count: 120,
      campaignTag: 'orgoglioliguria',
      burst: { town: 'Camogli', start: new Date(now.getTime() - 50 * 60_000), end: now, count: 260 },
      firstSeq: history.length,
    });
    sim.add(burst);
    say(`▶ the last hour: ${burst.length} more posts, with a burst in Camogli (5,481 inhabitants)`);
    await poll('poll 2 (from the stored cursor)');
    await poll('poll 3 (nothing new)');

    for (const campaign of config.config.campaigns) {
      const snapshot = await publishLeaderboard(campaign, { db: database.db, log: ctx.log, now: ctx.now, outDir: env.CAMPANILE_OUT_DIR, http: ctx.http });
      if (!snapshot) continue;
      say(`▶ snapshot written to ${join(env.CAMPANILE_OUT_DIR, `${snapshot.challenge.id}.json`)}\n`);
      say(formatStandingsTable(snapshot));
    }
    say(`\n✔ demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s (${sim.requests()} HTTP requests to the simulator)`);
    return 0;
  } finally {
    await ctx.close();
    await sim.close();
  }
}
