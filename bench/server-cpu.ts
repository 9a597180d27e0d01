import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client.js';

/**
 * CPU seconds used so far by the server processes of this database (Linux /proc, a Postgres
 * server on this machine): unlike wall time, what the writes cost the server whatever else the
 * machine runs. Null when a process cannot be read (another machine's server, not Linux).
 * A connection that closes between two readings takes its seconds with it: callers keep theirs open.
 */
export async function serverCpuSeconds(db: Db): Promise<number | null> {
  const rows = await queryRows<{ pid: number }>(db, sql`select pid from pg_stat_activity where datname = current_database()`);
  let ticks = 0;
  for (const { pid } of rows) {
    try {
      // utime and stime: fields 14 and 15, counted after the parenthesised command name.
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return null;
    }
  }
  return ticks / 100;
}
