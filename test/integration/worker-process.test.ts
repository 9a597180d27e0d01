import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows } from '../../src/db/client.js';
import { generatePosts, LIGURIAN_TOWNS, recentLigurianPosts } from '../../src/simulator/generator.js';
import { startMastodonSimulator, type MastodonSimulator } from '../../src/simulator/mastodon.js';
import { startWorkerProcess, WAIT_MS, type LogLine, type WorkerProcess } from '../helpers/worker-process.js';

const TOKEN = 'sekret-token-4f9a2c1e';

function configYaml(simUrl: string, sources: string[]): string {
  return `campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
${sources.map((id) => `      - { platform: mastodon, id: ${id}, instance: "${simUrl}", schedule: "* * * * * *", limit: 5, maxPages: 3, accessToken: "\${SIM_TOKEN}" }`).join('\n')}
    localities:
      extra:
        - { name: Camogli, hashtags: ["#camogli"] }
`;
}

/** The worker as users run it: its own process, its own embedded database, real signals. */
describe('the worker process', () => {
  let sim: MastodonSimulator;
  let dir: string;
  let configFile: string;
  let worker: WorkerProcess;
  const polled = (source: string) => (logs: LogLine[]) => logs.some((l) => l.msg === 'poll complete' && l.source === source);

  beforeAll(async () => {
    sim = await startMastodonSimulator({ latencyMs: 60 });
    sim.add(recentLigurianPosts({ seed: 3, count: 120 }));
    // A misbehaving server that echoes the credential back in its error.
    sim.injectFaults({ status: 401, body: JSON.stringify({ error: `invalid token ${TOKEN}` }) });
    dir = await mkdtemp(join(tmpdir(), 'campanile-worker-'));
    configFile = join(dir, 'campaigns.yaml');
    await writeFile(configFile, configYaml(sim.url, ['first']));
    worker = startWorkerProcess({
      PATH: process.env.PATH,
      CAMPANILE_CONFIG: configFile,
      CAMPANILE_DATA_DIR: join(dir, 'data'),
      CAMPANILE_OUT_DIR: join(dir, 'out'),
      // Long enough for a poll in flight to finish its page on a loaded machine.
      CAMPANILE_SHUTDOWN_GRACE_MS: '60000',
      CAMPANILE_HTTP_PORT: '0',
      SIM_TOKEN: TOKEN,
      LOG_LEVEL: 'debug',
    });
    // Signals sent before the worker has installed its handlers would kill it: wait for its first poll.
    await worker.until('the first poll', polled('orgoglioliguria/first'));
  }, WAIT_MS + 30_000);

  afterAll(async () => {
    if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    await sim.close();
  });

  it(
    'rejects an invalid config on SIGHUP, keeps running, then takes a valid one',
    async () => {
      await writeFile(configFile, configYaml(sim.url, ['first']).replace('"* * * * * *"', '"whenever"'));
      worker.child.kill('SIGHUP');
      const rejection = (l: LogLine) => l.msg === 'config reload rejected: keeping the running config';
      await worker.until('the rejection', (logs) => logs.some(rejection));
      const rejected = worker.logs().find(rejection);
      expect(rejected?.problems).toEqual([expect.stringContaining('campaigns.0.sources.0.schedule: expected a cron expression')]);

      await writeFile(configFile, configYaml(sim.url, ['first', 'second']));
      worker.child.kill('SIGHUP');
      await worker.until('the reload and the new source to poll', polled('orgoglioliguria/second'));
      expect(worker.logs().some((l) => l.msg === 'config reloaded')).toBe(true);
    },
    2 * WAIT_MS,
  );

  it(
    'stops on SIGTERM in the middle of a poll without a half-written page',
    async () => {
      // Keep polls busy: new posts arrive, and each page takes a while to serve.
      sim.add(
        generatePosts({
          seed: 4,
          towns: LIGURIAN_TOWNS,
          start: new Date(Date.now() - 1000),
          end: new Date(),
          count: 40,
          campaignTag: 'orgoglioliguria',
          firstSeq: 1000,
        }),
      );
      const count = (logs: LogLine[], ended: (msg: string) => boolean) => logs.filter((l) => ended(String(l.msg))).length;
      // A poll ends with 'poll complete' or, on failure, with one 'poll failed: …' line and no other.
      const pollEnded = (msg: string) => msg === 'poll complete' || msg.startsWith('poll failed');
      await worker.until('a poll in progress', (logs) => count(logs, (m) => m === 'job started') > count(logs, pollEnded));
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(worker.logs().at(-1)?.msg).toBe('stopped');

      const database = await openDatabase({ dataDir: join(dir, 'data') });
      try {
        // Every stored page is whole: below each source's cursor, every simulated post is stored.
        const cursors = await queryRows<{ source_key: string; cursor: string }>(
          database.db,
          sql`select source_key, cursor from source_cursors where cursor is not null`,
        );
        const stored = new Set((await queryRows<{ external_id: string }>(database.db, sql`select external_id from posts`)).map((r) => r.external_id));
        for (const c of cursors) {
          const below = sim.statuses().filter((s) => BigInt(s.id) <= BigInt(c.cursor));
          expect(below.filter((s) => !stored.has(s.uri))).toEqual([]);
        }
        const [counts] = await queryRows<{ matches: number; rolled: number }>(
          database.db,
          sql`select (select count(*)::int from post_matches) as matches, (select coalesce(sum(posts), 0)::int from rollups) as rolled`,
        );
        expect(counts?.matches).toBe(counts?.rolled);
      } finally {
        await database.close();
      }
    },
    WAIT_MS,
  );

  it('never wrote the access token to its logs or its database, even when a server echoed it', async () => {
    const all = worker.output();
    expect(all).toContain('invalid token [redacted]');
    expect(all).not.toContain(TOKEN);
    const database = await openDatabase({ dataDir: join(dir, 'data') });
    try {
      const errors = await queryRows<{ last_error: string | null }>(database.db, sql`select last_error from source_cursors`);
      expect(errors.some((e) => e.last_error?.includes('[redacted]'))).toBe(true);
      expect(JSON.stringify(errors)).not.toContain(TOKEN);
    } finally {
      await database.close();
    }
  });
});
