import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnv } from './config/env.js';
import { loadConfigFile } from './config/load.js';
import { createContext, type Context } from './context.js';
import { openDatabase } from './db/client.js';
import { pollTargets } from './jobs/index.js';
import { pollSource } from './jobs/poll-source.js';
import { challengeId, publishLeaderboard } from './jobs/publish-leaderboard.js';
import { formatAccountsTable, formatStandingsTable } from './leaderboard/table.js';
import { accountsConfig, createProfileFetchers, hasAccounts } from './accounts/index.js';
import { addDays } from './accounts/ranking.js';
import { localDay } from './analysis/fairness.js';
import { recordAccounts } from './jobs/record-accounts.js';
import { createSimProfiles } from './simulator/profiles.js';
import { generatePosts, LIGURIAN_TOWNS } from './simulator/generator.js';
import { startBlueskySimulator } from './simulator/bluesky.js';
import type { SimPost } from './simulator/generator.js';
import { startMastodonSimulator } from './simulator/mastodon.js';
import { startXSimulator } from './simulator/x.js';
import { acquireDataDirLock } from './data-dir-lock.js';
import { sourceKey } from './connectors/index.js';
import { createHttpServer } from './server/server.js';
import { DEFAULT_HTTP_PORT, listenOn } from './worker.js';

const HOUR = 3_600_000;

/**
 * The whole product offline: simulated Mastodon, Bluesky and X APIs on loopback, the real
 * worker polling them over HTTP into a fresh embedded database, snapshots written to the out dir.
 */
export async function runDemo(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { config: { type: 'string', short: 'c' }, seed: { type: 'string' }, serve: { type: 'boolean' } },
    strict: true,
  });
  const seed = Number(values.seed ?? 7);
  if (!Number.isInteger(seed)) throw Object.assign(new Error('--seed takes an integer'), { code: 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' });
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const started = Date.now();
  const now = new Date();
  const env = loadEnv({ LOG_LEVEL: 'warn', ...process.env });

  // Official accounts: the simulators answer for the day the demo sets, from 14 days ago to today.
  const today = localDay(now, 'Europe/Rome');
  const profiles = createSimProfiles(addDays(today, -14));
  const sim = await startMastodonSimulator({ profiles });
  const bsky = await startBlueskySimulator({ profiles });
  const x = await startXSimulator({ profiles });
  say(`▶ simulated platforms on loopback: Mastodon ${sim.url}, Bluesky ${bsky.url}, X ${x.url}`);
  // The posts split across the three platforms, as a campaign's would.
  const publish = (posts: readonly SimPost[]) => {
    sim.add(posts.filter((p) => p.seq % 3 === 0));
    bsky.add(posts.filter((p) => p.seq % 3 === 1));
    x.add(posts.filter((p) => p.seq % 3 === 2));
  };
  const history = generatePosts({
    seed,
    towns: LIGURIAN_TOWNS,
    start: new Date(now.getTime() - 48 * HOUR),
    end: new Date(now.getTime() - HOUR),
    count: 2400,
    campaignTag: 'orgoglioliguria',
  });
  publish(history);
  say(`▶ ${history.length} posts for #orgoglioliguria across ${LIGURIAN_TOWNS.length} Ligurian towns over the last 48 h, a third on each platform`);

  const dataDir = join(env.CAMPANILE_DATA_DIR, 'demo');
  const lock = await acquireDataDirLock(dataDir, 'demo').catch(async (err: unknown) => {
    await Promise.all([sim.close(), bsky.close(), x.close()]);
    throw err;
  });
  await rm(join(dataDir, 'pglite'), { recursive: true, force: true });
  const database = await openDatabase({ dataDir });
  const config = await loadConfigFile(values.config ?? 'config/demo.yaml', {
    ...process.env,
    CAMPANILE_SIM_URL: sim.url,
    CAMPANILE_SIM_BLUESKY_URL: bsky.url,
    CAMPANILE_SIM_X_URL: x.url,
    CAMPANILE_SIM_X_TOKEN: x.token,
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
        say(
          `▶ ${label}: ${target.key}: ${o.pages} pages, ${o.fetched} fetched, ${o.inserted} new, ${o.updated} re-seen, ${o.quarantined} quarantined${o.error ? `, error: ${o.error}` : ''}`,
        );
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
    publish(burst);
    say(`▶ the last hour: ${burst.length} more posts, with a burst in Camogli (5,481 inhabitants)`);
    await poll('poll 2 (from the stored cursor)');
    await poll('poll 3 (nothing new)');

    for (const campaign of config.config.campaigns.filter(hasAccounts)) {
      const { windowDays, timezone } = accountsConfig(campaign);
      const fetchers = createProfileFetchers(campaign, { http: ctx.http, log: ctx.log, now: ctx.now, sleep: ctx.sleep });
      let last = { recorded: 0, missing: 0 };
      for (let back = windowDays; back >= 0; back--) {
        const day = addDays(localDay(now, timezone), -back);
        profiles.setDay(day);
        // The job runs as it would at 06:00 that day (the clock is injected, the rest is real).
        const at = () => new Date(`${day}T05:00:00Z`);
        last = await recordAccounts(campaign, { db: database.db, log: ctx.log, now: at, fetchers }, new AbortController().signal);
      }
      say(`▶ official accounts: ${windowDays + 1} days recorded for ${campaign.id} (today: ${last.recorded} profiles, ${last.missing} missing)`);
    }

    for (const campaign of config.config.campaigns) {
      const snapshot = await publishLeaderboard(campaign, { db: database.db, log: ctx.log, now: ctx.now, outDir: env.CAMPANILE_OUT_DIR, http: ctx.http });
      if (!snapshot) continue;
      say(`▶ snapshot written to ${join(env.CAMPANILE_OUT_DIR, `${snapshot.challenge.id}.json`)}\n`);
      say(formatStandingsTable(snapshot));
      const reach = formatAccountsTable(snapshot);
      if (reach) say(`\n${reach}`);
    }
    say(
      `\n✔ demo finished in ${((Date.now() - started) / 1000).toFixed(1)} s (${sim.requests() + bsky.requests() + x.requests()} HTTP requests to the simulators, ${bsky.logins()} Bluesky login)`,
    );
    if (values.serve) await serveUntilStopped(ctx, say);
    return 0;
  } finally {
    await ctx.close();
    await lock.release();
    await Promise.all([sim.close(), bsky.close(), x.close()]);
  }
}

/** `demo --serve`: the leaderboard page over the demo's database on localhost, until Ctrl-C. */
async function serveUntilStopped(ctx: Context, say: (line: string) => void): Promise<void> {
  const campaigns = ctx.config.config.campaigns;
  const server = await createHttpServer({
    db: ctx.database.db,
    log: ctx.log,
    metrics: ctx.metrics,
    now: ctx.now,
    campaigns,
    sourceKeys: campaigns.flatMap((c) => c.sources.map((s, i) => sourceKey(c.id, s, i))),
  });
  const { url } = await listenOn(server, ctx.env.CAMPANILE_HTTP_PORT ?? DEFAULT_HTTP_PORT, '127.0.0.1');
  const pages = campaigns.flatMap((c) => (c.challenge ? [`${url}/challenges/${encodeURIComponent(challengeId({ ...c, challenge: c.challenge }))}`] : []));
  say(`\n▶ leaderboard page: ${pages.join(', ')}  (Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await server.close();
}
