import { parseArgs } from 'node:util';
import { loadEnv, EnvError, type Env } from './config/env.js';
import { ConfigError, loadConfigFile } from './config/load.js';
import { createContext, type Context } from './context.js';
import { listSourceStates } from './db/cursors.js';
import { budgetsLeft } from './db/health.js';
import { relabelPost } from './db/relabel.js';
import { alertHook, pollTargets } from './jobs/index.js';
import { dispatchAlerts } from './jobs/dispatch-alerts.js';
import { runWorker } from './worker.js';
import { pollSource } from './jobs/poll-source.js';
import { challengeId, publishLeaderboard } from './jobs/publish-leaderboard.js';
import { formatAccountsTable, formatStandingsTable } from './leaderboard/table.js';


const USAGE = `campanile — campaign and hashtag monitoring worker

Usage: campanile <command> [options]

Commands:
  run                     migrate, schedule every poll and snapshot, serve HTTP, run until SIGINT/SIGTERM
  poll --once             poll every source once (or --source KEY), then publish snapshots
  snapshot                publish every challenge's leaderboard now (or --challenge ID)
  validate FILE...        check campaign files; exit 1 with every error as file:line:column
  status                  each source's health: last success, last error, failures, budget
  migrate                 apply the SQL migrations and exit
  relabel --campaign ID --post PLATFORM:ID --label positive|neutral|negative [--note TEXT]
                          set a post's sentiment by hand; the town's figures follow
  demo                    the whole product offline against a local simulated platform

Options:
  -c, --config FILE       campaign file (default: $CAMPANILE_CONFIG or config/campaigns.example.yaml)
  -h, --help              this text

Environment: DATABASE_URL (Postgres server; default: embedded PGlite under $CAMPANILE_DATA_DIR, ./data),
CAMPANILE_OUT_DIR (snapshots, ./out), CAMPANILE_HTTP_PORT (run: /healthz, /readyz, /metrics, the JSON API and
the leaderboard page at /challenges/ID; 8080), LOG_LEVEL (info).`;

class UsageError extends Error {}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  try {
    switch (command) {
      case 'validate':
        return await validate(rest);
      case 'run':
        return await run(rest);
      case 'poll':
        return await pollOnce(rest);
      case 'snapshot':
        return await snapshot(rest);
      case 'status':
        return await status(rest);
      case 'migrate':
        return await migrateOnly(rest);
      case 'relabel':
        return await relabel(rest);
      case 'demo': {
        const { runDemo } = await import('./demo.js');
        return await runDemo(rest);
      }
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof EnvError) {
      process.stderr.write(`${err.message}\n`);
      return 1;
    }
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`campanile: ${(err as Error).message}\nRun "campanile --help" for usage.\n`);
      return 2;
    }
    throw err;
  }
}

function parse<T extends Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>>(
  args: string[],
  options: T,
  allowPositionals = false,
) {
  return parseArgs({ args, options: { config: { type: 'string', short: 'c' }, ...options }, allowPositionals, strict: true });
}

async function openContext(env: Env, configPath: string | undefined): Promise<Context> {
  const config = await loadConfigFile(configPath ?? env.CAMPANILE_CONFIG);
  const ctx = await createContext(env, config);
  await ctx.database.migrate();
  return ctx;
}

async function validate(args: string[]): Promise<number> {
  const { positionals } = parse(args, {}, true);
  if (positionals.length === 0) throw new UsageError('validate needs at least one FILE');
  let failed = 0;
  for (const file of positionals) {
    try {
      const loaded = await loadConfigFile(file);
      const campaigns = loaded.config.campaigns;
      process.stdout.write(`${file}: ok (${campaigns.length} campaign${campaigns.length === 1 ? '' : 's'}, ${campaigns.reduce((n, c) => n + c.sources.length, 0)} sources)\n`);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      process.stderr.write(`${err.message}\n`);
      failed += 1;
    }
  }
  return failed > 0 ? 1 : 0;
}

async function run(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  const env = loadEnv();
  const ctx = await openContext(env, values.config);
  await runWorker(ctx, env);
  await ctx.close();
  ctx.log.info('stopped');
  ctx.log.flush();
  return 0;
}

async function pollOnce(args: string[]): Promise<number> {
  const { values } = parse(args, { once: { type: 'boolean' }, source: { type: 'string' } });
  if (!values.once) throw new UsageError('poll runs one round: pass --once');
  const env = loadEnv();
  const ctx = await openContext(env, values.config);
  try {
    const targets = pollTargets(ctx).filter((t) => !values.source || t.key === values.source);
    if (values.source && targets.length === 0) throw new UsageError(`no source "${values.source}"; see "campanile status"`);
    let failed = 0;
    const signal = new AbortController().signal;
    const afterWrite = alertHook(ctx);
    for (const target of targets) {
      const outcome = await pollSource(target, { db: ctx.database.db, log: ctx.log.child({ subsystem: 'poll' }), now: ctx.now, secrets: ctx.secrets, metrics: ctx.metrics, afterWrite }, signal);
      if (outcome.status === 'failed') failed += 1;
    }
    const campaigns = ctx.config.config.campaigns;
    if (campaigns.some((c) => c.alerts)) {
      await dispatchAlerts({ db: ctx.database.db, http: ctx.http, log: ctx.log.child({ subsystem: 'alerts' }), now: ctx.now, sleep: ctx.sleep, campaigns }, signal);
    }
    for (const campaign of ctx.config.config.campaigns) {
      await publishLeaderboard(campaign, { db: ctx.database.db, log: ctx.log.child({ subsystem: 'leaderboard' }), now: ctx.now, outDir: env.CAMPANILE_OUT_DIR, http: ctx.http });
    }
    return failed > 0 ? 1 : 0;
  } finally {
    await ctx.close();
  }
}

async function snapshot(args: string[]): Promise<number> {
  const { values } = parse(args, { challenge: { type: 'string' } });
  const env = loadEnv();
  const ctx = await openContext(env, values.config);
  try {
    const campaigns = ctx.config.config.campaigns.filter(
      (c) => c.challenge && (!values.challenge || challengeId({ ...c, challenge: c.challenge }) === values.challenge),
    );
    if (campaigns.length === 0) throw new UsageError(values.challenge ? `no challenge "${values.challenge}"` : 'no campaign has a challenge');
    for (const campaign of campaigns) {
      const snap = await publishLeaderboard(campaign, { db: ctx.database.db, log: ctx.log.child({ subsystem: 'leaderboard' }), now: ctx.now, outDir: env.CAMPANILE_OUT_DIR, http: ctx.http });
      if (!snap) continue;
      process.stdout.write(`${formatStandingsTable(snap)}\n`);
      const reach = formatAccountsTable(snap);
      if (reach) process.stdout.write(`\n${reach}\n`);
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

async function status(args: string[]): Promise<number> {
  const { values } = parse(args, { json: { type: 'boolean' } });
  const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const ctx = await openContext(env, values.config);
  try {
    const states = new Map((await listSourceStates(ctx.database.db)).map((s) => [s.sourceKey, s]));
    const rows = pollTargets(ctx).map((t) => {
      const s = states.get(t.key);
      return {
        source: t.key,
        schedule: t.source.schedule,
        lastSuccess: s?.lastSuccessAt?.toISOString() ?? null,
        lastError: s?.lastError ?? null,
        lastErrorAt: s?.lastErrorAt?.toISOString() ?? null,
        consecutiveFailures: s?.consecutiveFailures ?? 0,
        pausedUntil: s?.pausedUntil?.toISOString() ?? null,
        posts: s?.postsTotal ?? 0,
        budgetLeft: budgetsLeft(s?.budget),
        budget: s?.budget ?? null,
      };
    });
    if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      for (const r of rows) {
        const health = r.consecutiveFailures > 0 ? `FAILING x${r.consecutiveFailures}` : r.lastSuccess ? 'ok' : 'never polled';
        const left = Object.entries(r.budgetLeft).map(([name, n]) => `${name} ${n}`);
        const budget = left.length > 0 ? `  left: ${left.join(', ')}` : '';
        process.stdout.write(`${r.source}  [${health}]  last success ${r.lastSuccess ?? '-'}  posts ${r.posts}${budget}${r.pausedUntil ? `  paused until ${r.pausedUntil}` : ''}\n`);
        if (r.lastError && r.consecutiveFailures > 0) process.stdout.write(`    last error (${r.lastErrorAt}): ${r.lastError}\n`);
      }
    }
    return 0;
  } finally {
    await ctx.close();
  }
}

const LABELS = ['positive', 'neutral', 'negative'] as const;

async function relabel(args: string[]): Promise<number> {
  const { values } = parse(args, { campaign: { type: 'string' }, post: { type: 'string' }, label: { type: 'string' }, note: { type: 'string' } });
  if (!values.campaign || !values.post || !values.label) throw new UsageError('relabel needs --campaign, --post and --label');
  const label = LABELS.find((l) => l === values.label);
  if (!label) throw new UsageError(`--label must be one of ${LABELS.join(', ')}, not "${values.label}"`);
  const colon = values.post.indexOf(':');
  if (colon <= 0) throw new UsageError('--post takes PLATFORM:EXTERNAL_ID, e.g. mastodon:https://mastodon.uno/users/anna/statuses/1');
  const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const ctx = await openContext(env, values.config);
  try {
    const post = { platform: values.post.slice(0, colon), externalId: values.post.slice(colon + 1) };
    const result = await relabelPost(ctx.database.db, { campaignId: values.campaign, ...post, label, note: values.note });
    if (result.status === 'not-found') {
      process.stderr.write(`campanile: no post ${values.post} in campaign "${values.campaign}"\n`);
      return 1;
    }
    process.stdout.write(
      result.status === 'unchanged'
        ? `${values.post}: already ${label}\n`
        : `${values.post}: ${result.previousLabel} (${result.previousScore.toFixed(2)}) → ${label}; the next snapshot reflects it\n`,
    );
    return 0;
  } finally {
    await ctx.close();
  }
}

async function migrateOnly(args: string[]): Promise<number> {
  const { values } = parse(args, {});
  const env = loadEnv();
  const ctx = await openContext(env, values.config);
  ctx.log.info('migrations applied');
  await ctx.close();
  return 0;
}
