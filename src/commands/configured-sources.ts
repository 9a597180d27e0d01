import { Worker } from 'node:worker_threads';
import type { CampaignFile } from '../config/campaigns.js';
import { ConfigError, type ConfigProblem } from '../config/errors.js';
import { sourceKey } from '../config/identity.js';
import { threadEntry } from '../threads.js';

/** A configured source as `status` lists it. */
export interface ConfiguredSource {
  key: string;
  schedule: string;
}

export const configuredSources = (config: CampaignFile): ConfiguredSource[] =>
  config.campaigns.flatMap((c) => c.sources.map((source, i) => ({ key: sourceKey(c.id, source, i), schedule: source.schedule })));

/** What configured-sources-thread.ts answers. */
export type ConfiguredSourcesReply = { sources: ConfiguredSource[] } | { problems: ConfigProblem[] } | { error: string; stack?: string };

/**
 * The config file's sources, read and validated (loadConfigFile, the same checks as every command)
 * on a worker thread. Why: `status` opens the embedded database meanwhile, and PGlite's start is
 * ~0.6 s of synchronous WebAssembly on the main thread; loading the config's schemas and
 * validating takes ~0.25 s more of the same thread, which the second core does instead. A config
 * with problems rejects with the ConfigError loadConfigFile throws.
 */
export function readConfiguredSources(file: string): Promise<ConfiguredSource[]> {
  const entry = threadEntry(new URL('./configured-sources-thread.js', import.meta.url));
  return new Promise((resolve, reject) => {
    const thread = new Worker(entry.url, { ...entry.options, workerData: { file } });
    thread.once('message', (reply: ConfiguredSourcesReply) => {
      if ('sources' in reply) resolve(reply.sources);
      else if ('problems' in reply) reject(new ConfigError(reply.problems));
      else reject(Object.assign(new Error(reply.error), reply.stack ? { stack: reply.stack } : {}));
    });
    thread.once('error', reject);
    // Settled already when it answered; otherwise it died without a word.
    thread.once('exit', (code) => reject(new Error(`the config thread exited (code ${code}) without an answer`)));
  });
}
