import type { LockInfo } from './data-dir-lock.js';
import { CommandError } from './commands/errors.js';

/**
 * Sends one request to the running worker's local admin API (found in its lock file) and
 * returns the JSON answer; a refusal or an unreachable worker becomes a CommandError.
 */
export async function callWorker(worker: LockInfo, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  if (!worker.adminUrl) throw new CommandError(`campanile: the worker (pid ${worker.pid}) is still starting; try again in a moment`);
  let response: Response;
  try {
    response = await fetch(new URL(path, worker.adminUrl), {
      method,
      headers: { authorization: `Bearer ${worker.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    });
  } catch (err) {
    throw new CommandError(`campanile: the worker (pid ${worker.pid}) did not answer at ${worker.adminUrl}: ${(err as Error).message}`);
  }
  const text = await response.text();
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!response.ok) {
    const message = (value as { error?: unknown } | undefined)?.error;
    throw new CommandError(`campanile: the worker (pid ${worker.pid}) refused: ${typeof message === 'string' ? message : `HTTP ${response.status}`}`);
  }
  return value;
}
