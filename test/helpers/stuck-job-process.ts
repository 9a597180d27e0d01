/**
 * A worker whose only job never settles (it ignores its abort signal and holds the event loop, as a
 * request that never answers does), shut down by SIGTERM the way src/worker.ts does. Run by
 * test/integration/shutdown.test.ts as its own process.
 */
import { openDatabase } from '../../src/db/client.js';
import { createLogger } from '../../src/log.js';
import { createScheduler } from '../../src/scheduler.js';
import { armHardExit } from '../../src/shutdown.js';

const graceMs = Number(process.env.GRACE_MS ?? 300);
const log = createLogger({ level: 'debug' });
const database = await openDatabase({ memory: true });
await database.migrate();
const scheduler = createScheduler({
  db: database.db,
  holder: 'stuck-test',
  log,
  now: () => new Date(),
  jobs: [{ name: 'stuck', schedule: '0 0 1 1 *', leaseMs: 1_000, run: () => new Promise<void>(() => setInterval(() => {}, 1_000)) }],
});
scheduler.start();
void scheduler.runNow('stuck');
process.once('SIGTERM', () => {
  log.info('shutting down');
  armHardExit(graceMs, log);
  void scheduler.stop(graceMs).then(() => database.close());
});
log.info('ready');
