import type { Db } from '../db/client.js';
import { dropExpiredPostPartitions, ensurePostPartitions } from '../db/partitions.js';
import type { Logger } from '../log.js';

/**
 * Daily: creates the coming months' post partitions and, with a retention set, drops the
 * months past it. Cost: a catalogue query and a few DDL statements.
 */
export async function maintainPartitions(deps: { db: Db; log: Logger; now: () => Date; retentionMonths?: number }): Promise<void> {
  const now = deps.now();
  const created = await ensurePostPartitions(deps.db, now);
  const dropped = deps.retentionMonths ? await dropExpiredPostPartitions(deps.db, now, deps.retentionMonths) : [];
  deps.log.info({ created, dropped, retentionMonths: deps.retentionMonths ?? null }, 'partitions maintained');
}
