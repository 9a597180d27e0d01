import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../src/db/client.js';
import type { Backend } from './databases.js';

/**
 * CPU seconds used so far by the server processes of this database (Linux /proc, a Postgres
 * server on this machine): unlike wall time, what the writes cost the server whatever else the
 * machine runs. Null on PGlite (no server process: its pid is not one of this machine's) and
 * when a process cannot be read (another machine's server, not Linux). A connection that closes
 * between two readings takes its seconds with it: callers keep theirs open.
 */
export async function serverCpuSeconds(db: Db, backend: Backend): Promise<number | null> {
  if (backend !== 'postgres') return null;
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

/** CPU seconds spent on `posts` posts as milliseconds per 1,000 posts, to a tenth. */
export const msPerThousand = (cpuSeconds: number, posts: number) => Math.round((cpuSeconds * 1e7) / posts) / 10;
