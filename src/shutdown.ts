import type { Logger } from './log.js';

/** Time left after the grace period for the HTTP server, the pool and the log to close. */
export const CLOSE_MARGIN_MS = 5_000;

/**
 * Once shutdown starts, the process ends at most graceMs + CLOSE_MARGIN_MS later, whatever a
 * job left behind holds (a request that never answers, a query stuck on a lock). The timer does
 * not itself keep the process alive: a clean shutdown exits as soon as it is done.
 */
export function armHardExit(graceMs: number, log: Logger, exit: (code: number) => void = (code) => process.exit(code)): void {
  const timer = setTimeout(() => {
    log.error({ graceMs, marginMs: CLOSE_MARGIN_MS }, 'shutdown overran its grace period: exiting now');
    // The last line is written before exiting, unless the log itself is what hangs.
    setTimeout(() => exit(1), 1_000).unref();
    log.flush(() => exit(1));
  }, graceMs + CLOSE_MARGIN_MS);
  timer.unref();
}
