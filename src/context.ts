import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { createAnalysisPool, type AnalysisPool } from './analysis/pool.js';
import type { Env } from './config/env.js';
import type { LoadedConfig } from './config/load.js';
import { databaseOptionsFor, openDatabase, type Database } from './db/client.js';
import { createHttpClient, type HttpClient } from './http/client.js';
import { sleep as realSleep, type Sleep } from './http/retry.js';
import { createLogger, redactUrl, type Logger } from './log.js';
import { databaseMetricsState } from './db/health.js';
import { createMetrics, type Metrics } from './metrics.js';

export interface Context {
  env: Env;
  config: LoadedConfig;
  log: Logger;
  database: Database;
  http: HttpClient;
  /** Prometheus registry and the recording calls jobs receive in their deps. */
  metrics: Metrics;
  /** Analysis threads for the polls (CAMPANILE_ANALYSIS_THREADS); absent with 0. */
  analysis?: AnalysisPool;
  now: () => Date;
  sleep: Sleep;
  /** This replica's name in leases and fire claims. */
  holder: string;
  /** Every credential known to this process; the logger scrubs them from each line. */
  secrets: Set<string>;
  close(): Promise<void>;
}

export type ContextOverrides = Partial<Pick<Context, 'log' | 'database' | 'http' | 'metrics' | 'now' | 'sleep' | 'holder'>>;

/** The composition root: every dependency is built here from config; tests pass overrides. */
export async function createContext(env: Env, config: LoadedConfig, overrides: ContextOverrides = {}): Promise<Context> {
  const secrets = new Set(
    [...config.secrets, env.CAMPANILE_ADMIN_TOKEN, ...(env.DATABASE_URL ? [env.DATABASE_URL, passwordOf(env.DATABASE_URL)] : [])].filter((s): s is string =>
      Boolean(s),
    ),
  );
  const log = overrides.log ?? createLogger({ level: env.LOG_LEVEL, format: env.LOG_FORMAT, secrets });
  const database = overrides.database ?? (await openDatabase(databaseOptionsFor(env)));
  log.info({ database: database.kind, where: env.DATABASE_URL ? redactUrl(env.DATABASE_URL) : env.CAMPANILE_DATA_DIR }, 'database opened');
  const http = overrides.http ?? createHttpClient();
  const now = overrides.now ?? (() => new Date());
  const metrics = overrides.metrics ?? createMetrics({ now, state: databaseMetricsState(database.db), processMetrics: true });
  const analysis = env.CAMPANILE_ANALYSIS_THREADS > 0 ? createAnalysisPool(env.CAMPANILE_ANALYSIS_THREADS) : undefined;
  return {
    env,
    config,
    log,
    database,
    http,
    metrics,
    ...(analysis ? { analysis } : {}),
    now,
    sleep: overrides.sleep ?? realSleep,
    holder: overrides.holder ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    secrets,
    async close() {
      await analysis?.close();
      await http.close();
      await database.close();
    },
  };
}

function passwordOf(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}
