import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Executor } from './client.js';

const dialect = new PgDialect();

/** The postgres.js client under a drizzle database or transaction (drizzle's session); absent on PGlite. */
interface PostgresJsClient {
  unsafe(query: string, params: unknown[], options: { prepare: boolean; simple: boolean }): Promise<unknown>;
}

function postgresJsClient(executor: Executor): PostgresJsClient | undefined {
  const client = (executor as unknown as { session?: { client?: Partial<PostgresJsClient> } }).session?.client;
  return typeof client?.unsafe === 'function' ? (client as PostgresJsClient) : undefined;
}

/**
 * Runs a write-path statement of fixed text as a named prepared statement of its connection on
 * postgres.js: parsed and planned once per connection rather than at every batch (drizzle's
 * `execute` never prepares, and postgres.js sends a statement without parameters unprepared).
 * The write path's statements cost the server ~9 ms a batch to parse and plan; prepared, the
 * server's CPU per 1,000 posts went down ~10% (bench/write-path-profile.ts, docs/ARCHITECTURE.md).
 * The result is the driver's, as `execute` returns it; PGlite (no such client) runs `execute`.
 *
 * Only for statements whose plan suits a batch of any size: Postgres keeps the plan of a
 * statement without parameters from its first run on the connection, made for that batch's size.
 * A statement that joins two staged sets to each other (a 1-row first batch would fix a nested
 * loop, quadratic in a 1,000-row one) goes through `execute`, planned every time.
 */
export function executePrepared(executor: Executor, query: SQL): Promise<unknown> {
  const client = postgresJsClient(executor);
  if (!client) return executor.execute(query);
  const { sql, params } = dialect.sqlToQuery(query);
  return client.unsafe(sql, params, { prepare: true, simple: false });
}

/** queryRows (db/client.ts) through executePrepared. */
export async function queryPreparedRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result = await executePrepared(executor, query);
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
