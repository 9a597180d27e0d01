/**
 * tsx bench/write-path-profile.ts [--backend postgres|pglite] [--posts N] [--batch N] [--pipelined-only]
 *   [--explain] [--figures]
 *
 * Where ingestPage's time goes: the bench's posts are analysed beforehand (not timed), then
 * written in batches by ingestPage into a fresh database, twice over:
 * - as the worker sends them (statements pipelined): milliseconds per batch;
 * - with each statement of a batch awaited in turn and timed alone (same SQL, same order):
 *   milliseconds per statement, summed over the run and per 1,000 posts, by the statement's
 *   first line. Turn-taking adds a round trip a statement, so the sum exceeds the pipelined time.
 * On a Postgres server of this machine it also reports the CPU time the server's processes and
 * Node used per 1,000 posts (/proc): unlike wall time, it does not move with the machine's load.
 * --explain prints the plans (EXPLAIN ANALYZE) of one more batch of new posts, after the run.
 * With --figures it runs bench/ingest.ts measureIngest instead (worker path, write path alone,
 * same-outputs COPY ceiling and the ratio) and prints its figures as JSON.
 */
import { PgDialect } from 'drizzle-orm/pg-core';
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client.js';
import { ingestPage, type IngestPage } from '../src/db/ingest.js';
import { freshDatabase, type Backend } from './databases.js';
import { serverCpuSeconds } from './server-cpu.js';
import { analysedBatches, measureIngest } from './ingest.js';
import { benchCampaign } from './workload.js';

const args = process.argv.slice(2);
const option = (flag: string, fallback: string) => {
  const i = args.indexOf(flag);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const backend = option('--backend', 'postgres') as Backend;
const posts = Number(option('--posts', '20000'));
const batch = Number(option('--batch', '1000'));
const campaign = benchCampaign();

if (args.includes('--figures')) {
  const figures = await measureIngest(backend, campaign, posts, 200);
  process.stdout.write(`${JSON.stringify({ backend, posts, ...figures })}\n`);
  process.exit(0);
}

const dialect = new PgDialect();
const label = (query: SQL) => {
  const text = dialect.sqlToQuery(query).sql.replace(/\s+/g, ' ').trim();
  return text.length > 90 ? `${text.slice(0, 90)}…` : text;
};

/**
 * A transaction whose statements run one at a time, each timed into `into`; with `explain`, each
 * runs under EXPLAIN (ANALYZE, BUFFERS) instead (its effects are kept, its result is the plan)
 * and the plan's lines are printed.
 */
function serialDb(db: Db, into: Map<string, { ms: number; n: number }>, explain = false): Db {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop !== 'transaction') return Reflect.get(target, prop, receiver);
      return (run: (tx: unknown) => Promise<unknown>) =>
        target.transaction((tx) => {
          let chain: Promise<unknown> = Promise.resolve();
          const timed = new Proxy(tx, {
            get(t, p, r) {
              if (p !== 'execute') return Reflect.get(t, p, r);
              return (query: SQL) => {
                const result = chain.then(async () => {
                  const started = performance.now();
                  try {
                    if (!explain || !/^\s*(with|insert|update|delete|select)/i.test(dialect.sqlToQuery(query).sql)) return await t.execute(query);
                    const plan = await queryRows<{ 'QUERY PLAN': string }>(t, sql`explain (analyze, buffers) ${query}`);
                    process.stdout.write(`\n${label(query)}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}\n`);
                    return [];
                  } finally {
                    const key = label(query);
                    const entry = into.get(key) ?? { ms: 0, n: 0 };
                    entry.ms += performance.now() - started;
                    entry.n += 1;
                    into.set(key, entry);
                  }
                });
                chain = result.catch(() => {});
                return result;
              };
            },
          });
          return run(timed) as Promise<never>;
        });
    },
  }) as Db;
}

const all = [...analysedBatches(campaign, posts + batch, batch)].flat();
const extra = all.pop() as IngestPage;
const batches = all;
const total = batches.reduce((n, p) => n + p.posts.length, 0);

const modes = args.includes('--pipelined-only') ? (['pipelined'] as const) : (['pipelined', 'serial'] as const);
for (const mode of modes) {
  const db = await freshDatabase(backend);
  try {
    const stats = new Map<string, { ms: number; n: number }>();
    const target = mode === 'serial' ? serialDb(db.db, stats) : db.db;
    // Every connection of the pool open before the first CPU reading.
    await Promise.all([1, 2, 3, 4].map(() => db.db.execute(sql`select pg_sleep(0.01)`)));
    const serverBefore = await serverCpuSeconds(db.db, db.raw.kind);
    const nodeBefore = process.cpuUsage();
    const started = performance.now();
    for (const page of batches) await ingestPage(target, page);
    const ms = performance.now() - started;
    const node = process.cpuUsage(nodeBefore);
    const serverAfter = await serverCpuSeconds(db.db, db.raw.kind);
    // The plans of one more batch: new posts, after the same ones.
    if (mode === 'serial' && args.includes('--explain')) await ingestPage(serialDb(db.db, new Map(), true), extra);
    const perThousand = (seconds: number) => ((seconds * 1e6) / total).toFixed(1);
    const cpu =
      serverBefore === null || serverAfter === null
        ? ''
        : `; CPU ms/1k posts: server ${perThousand(serverAfter - serverBefore)}, node ${perThousand((node.user + node.system) / 1e6)}`;
    process.stdout.write(
      `${backend} ${mode}: ${total} posts in ${batches.length} batches, ${ms.toFixed(0)} ms, ${Math.round(total / (ms / 1000))} posts/s, ${(ms / batches.length).toFixed(1)} ms a batch${cpu}\n`,
    );
    if (mode === 'serial') {
      const rows = [...stats.entries()].sort((a, b) => b[1].ms - a[1].ms);
      const sum = rows.reduce((n, [, s]) => n + s.ms, 0);
      for (const [key, s] of rows) {
        process.stdout.write(
          `${((s.ms / total) * 1000).toFixed(1).padStart(7)} ms/1k posts ${((s.ms / sum) * 100).toFixed(0).padStart(3)}%  ×${s.n}  ${key}\n`,
        );
      }
      process.stdout.write(`${((sum / total) * 1000).toFixed(1).padStart(7)} ms/1k posts in statements\n`);
    }
  } finally {
    await db.dispose();
  }
}
