import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareCampaign } from '../../src/analysis/analyze.js';
import { mastodonSourceSchema } from '../../src/connectors/mastodon/platform.js';
import { createMastodonConnector } from '../../src/connectors/mastodon/index.js';
import { openDatabase, queryRows, type Database } from '../../src/db/client.js';
import { getSourceState } from '../../src/db/cursors.js';
import { createHttpClient } from '../../src/http/client.js';
import { pollSource, type PollTarget } from '../../src/jobs/poll-source.js';
import { recentLigurianPosts } from '../../src/simulator/generator.js';
import { startMastodonSimulator } from '../../src/simulator/mastodon.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';
import { startTcpProxy } from '../helpers/tcp-proxy.js';
import { has } from '../helpers/requirements.js';

// The connection to a real Postgres server is what gets cut.
describe.skipIf(!has('postgres'))('Postgres connections dropped in the middle of an ingest', () => {
  let admin: TestDatabase;
  let worker: Database | undefined;
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
    await worker?.close();
    await admin?.dispose();
  });

  it('loses the page being written, keeps the cursor before it, and resumes after reconnecting with nothing lost or doubled', async () => {
    admin = await createTestDatabase('postgres');
    const target = new URL(admin.url as string);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    cleanup.push(proxy.close);
    const viaProxy = new URL(target);
    viaProxy.port = String(proxy.port);
    worker = await openDatabase({ url: viaProxy.toString(), maxConnections: 2 });

    const sim = await startMastodonSimulator();
    cleanup.push(sim.close);
    const now = new Date();
    sim.add(recentLigurianPosts({ seed: 5, count: 60 }));
    const campaign = campaignFromYaml(LIGURIA_YAML.replace('"2026-06-01"', '"2020-01-01"'));
    const log = silentLogger();
    const source = mastodonSourceSchema.parse({ platform: 'mastodon', instance: sim.url, schedule: '* * * * *', limit: 10 });
    const http = createHttpClient();
    cleanup.push(() => http.close());
    const pollTarget: PollTarget = {
      key: 'restart',
      campaign,
      analyzer: prepareCampaign(campaign),
      source,
      connector: createMastodonConnector(source, { http, log, now: () => now, sleep: async () => {} }),
    };

    let pages = 0;
    const first = await pollSource(
      pollTarget,
      {
        db: worker.db,
        log,
        now: () => now,
        // The first transaction's rows are written, then every connection drops before the commit.
        afterWrite: async () => {
          pages += 1;
          if (pages === 1) proxy.cut();
        },
      },
      new AbortController().signal,
    );
    // The cut transaction is lost whole; the worker may already have rewritten it page by page
    // on fresh connections. Either way what is stored is exactly what lies below the cursor.
    const stored = async () => (await queryRows<{ n: number }>(admin.db, sql`select count(*)::int as n from posts`))[0]?.n ?? 0;
    const ids = sim.statuses().map((s) => s.id);
    const cursor = (await getSourceState(admin.db, 'restart'))?.cursor ?? null;
    const below = cursor === null ? 0 : ids.filter((id) => BigInt(id) <= BigInt(cursor)).length;
    expect(await stored()).toBe(below);
    expect(first.inserted).toBe(below);

    // The same client reconnects on its own; the next poll picks up from the cursor.
    const second = await pollSource(pollTarget, { db: worker.db, log, now: () => now }, new AbortController().signal);
    expect(second).toMatchObject({ status: 'ok', inserted: 60 - below });
    expect(await stored()).toBe(60);
    const [check] = await queryRows<{ matches: number; rolled: number }>(
      admin.db,
      sql`select (select count(*)::int from post_matches) as matches, (select sum(posts)::int from rollups) as rolled`,
    );
    expect(check).toEqual({ matches: 60, rolled: 60 });
  });
});
