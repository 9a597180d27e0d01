import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { generatePosts, LIGURIAN_TOWNS } from '../../src/simulator/generator.js';
import { startMastodonSimulator, type MastodonSimulator } from '../../src/simulator/mastodon.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { has } from '../helpers/requirements.js';
import { startWorkerProcess, WAIT_MS, type WorkerProcess } from '../helpers/worker-process.js';

const CAMPAIGNS = ['alfa', 'beta', 'gamma'];

interface Worker extends WorkerProcess {
  name: string;
}

// Several processes share one database only through a Postgres server.
describe.skipIf(!has('postgres'))('three replicas on one Postgres, one killed mid-run', () => {
  let database: TestDatabase;
  let sim: MastodonSimulator;
  const workers: Worker[] = [];

  afterAll(async () => {
    for (const w of workers) if (w.child.exitCode === null) w.child.kill('SIGKILL');
    await sim?.close();
    await database?.dispose();
  });

  it(
    'stores every post exactly once, runs no fire twice, and keeps rollups equal to a recount',
    async () => {
      database = await createTestDatabase('postgres');
      sim = await startMastodonSimulator({ latencyMs: 20 });
      const now = Date.now();
      const batch = (tag: string, seed: number, start: number, end: number, count: number, firstSeq: number) =>
        generatePosts({ seed, towns: LIGURIAN_TOWNS, start: new Date(start), end: new Date(end), count, campaignTag: tag, firstSeq });
      CAMPAIGNS.forEach((tag, i) => sim.add(batch(tag, i + 1, now - 3_600_000, now - 60_000, 150, i * 1000)));

      const dir = await mkdtemp(join(tmpdir(), 'campanile-replicas-'));
      const configFile = join(dir, 'campaigns.yaml');
      await writeFile(
        configFile,
        `campaigns:\n${CAMPAIGNS.map(
          (tag) => `  - id: ${tag}
    hashtags: ["#${tag}"]
    sources:
      - { platform: mastodon, id: sim, instance: "${sim.url}", schedule: "* * * * * *", limit: 10, maxPages: 4 }
    localities:
      extra:
${LIGURIAN_TOWNS.map((t) => `        - { name: "${t.name}", hashtags: ["#${t.hashtag}"] }`).join('\n')}
`,
        ).join('')}`,
      );
      const env = {
        PATH: process.env.PATH,
        DATABASE_URL: database.url,
        CAMPANILE_CONFIG: configFile,
        CAMPANILE_DATA_DIR: join(dir, 'data'),
        CAMPANILE_OUT_DIR: join(dir, 'out'),
        CAMPANILE_LEASE_MS: '1500',
        CAMPANILE_HTTP_PORT: '0',
        LOG_LEVEL: 'info',
      };
      for (const name of ['w1', 'w2', 'w3']) workers.push({ name, ...startWorkerProcess(env) });

      const stored = async (campaign?: string) =>
        (
          await queryRows<{ n: number }>(
            database.db,
            campaign ? sql`select count(*)::int as n from post_matches where campaign_id = ${campaign}` : sql`select count(*)::int as n from posts`,
          )
        )[0]?.n ?? 0;

      // Kill one replica while it is in the middle of a poll.
      const victim = workers[0] as Worker;
      await victim.until('w1 to start a poll', (logs) => logs.some((l) => l.msg === 'job started' && String(l.job).startsWith('poll:')));
      victim.child.kill('SIGKILL');
      expect(await victim.exited).toBeNull();

      // Posts keep arriving while the two survivors work.
      CAMPAIGNS.forEach((tag, i) => sim.add(batch(tag, i + 11, Date.now() - 1000, Date.now(), 60, i * 1000 + 500)));
      const expected = sim.statuses().length;
      // Re-counted whenever a survivor logs a line (each fire logs one).
      await (workers[1] as Worker).until(`all ${expected} posts to be stored`, async () => (await stored()) === expected);

      for (const w of workers.slice(1)) w.child.kill('SIGTERM');
      const codes = await Promise.all(workers.slice(1).map((w) => w.exited));
      expect(codes).toEqual([0, 0]);

      // Every simulated post, exactly once, in its campaign.
      const uris = await queryRows<{ external_id: string }>(database.db, sql`select external_id from posts`);
      expect(new Set(uris.map((u) => u.external_id))).toEqual(new Set(sim.statuses().map((s) => s.uri)));
      for (const tag of CAMPAIGNS) {
        expect(await stored(tag)).toBe(sim.statuses().filter((s) => s.post.tags.includes(tag)).length);
      }

      // No fire ran twice, and the work was shared.
      const started = workers.flatMap((w) =>
        w
          .logs()
          .filter((l) => l.msg === 'job started')
          .map((l) => ({ fire: String(l.fire), worker: w.name })),
      );
      const fires = started.map((s) => s.fire);
      expect(new Set(fires).size).toBe(fires.length);
      expect(new Set(started.map((s) => s.worker)).size).toBeGreaterThanOrEqual(2);

      // Rollups equal a recount from the raw matches.
      const mismatches = await queryRows<{ campaign_id: string }>(
        database.db,
        sql`select coalesce(r.campaign_id, m.campaign_id) as campaign_id
          from (select campaign_id, locality_id, hour, sum(posts)::int as posts from rollups group by 1, 2, 3) r
          full join (select campaign_id, locality_id, hour, count(*)::int as posts from post_matches group by 1, 2, 3) m
            using (campaign_id, locality_id, hour)
          where r.posts is distinct from m.posts`,
      );
      expect(mismatches).toEqual([]);
    },
    2 * WAIT_MS,
  );
});
