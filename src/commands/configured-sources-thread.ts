/**
 * The thread of readConfiguredSources (commands/configured-sources.ts): loads and validates the
 * config file it is given, answers with its sources or its problems, and ends.
 */
import { enableCompileCache } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { ConfiguredSourcesReply } from './configured-sources.js';

// As main.ts: the modules imported below load without compiling again at the next start.
enableCompileCache();
const [{ ConfigError }, { loadConfigFile }, { configuredSources }] = await Promise.all([
  import('../config/errors.js'),
  import('../config/load.js'),
  import('./configured-sources.js'),
]);

let reply: ConfiguredSourcesReply;
try {
  const loaded = await loadConfigFile((workerData as { file: string }).file);
  reply = { sources: configuredSources(loaded.config) };
} catch (err) {
  if (err instanceof ConfigError) reply = { problems: err.problems };
  else reply = err instanceof Error ? { error: err.message, stack: err.stack } : { error: String(err) };
}
parentPort?.postMessage(reply);
