import { spawn, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';

export type LogLine = Record<string, unknown>;

/** `campanile run` in its own process, its JSON log lines collected as they arrive. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Every JSON log line so far, in order. */
  logs(): LogLine[];
  /** Everything the process wrote, stdout and stderr, JSON or not. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /**
   * Waits for `check` to hold, re-checking on each new log line (never on a timer); `check` may
   * query the database. Fails after `timeoutMs`, or if the process exits first, with its output.
   */
  until(what: string, check: (logs: LogLine[]) => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
}

/**
 * Generous on purpose: with a load average of 24 on two cores, starting the worker (TypeScript
 * through tsx, a new embedded database) took more than 90 s.
 */
export const WAIT_MS = 240_000;

export function startWorkerProcess(env: NodeJS.ProcessEnv): WorkerProcess {
  const child = spawn(process.execPath, ['--liftoff-only', '--import', 'tsx', 'src/main.ts', 'run'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: LogLine[] = [];
  const chunks: string[] = [];
  const events = new EventEmitter();
  let partial = '';
  const onData = (chunk: Buffer) => {
    const text = chunk.toString();
    chunks.push(text);
    const parts = (partial + text).split('\n');
    partial = parts.pop() ?? '';
    for (const part of parts) {
      try {
        lines.push(JSON.parse(part) as LogLine);
      } catch {
        // Not a log line (a stack trace, a warning from Node): kept in output() only.
      }
    }
    events.emit('line');
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const output = () => chunks.join('');

  const until: WorkerProcess['until'] = (what, check, timeoutMs = WAIT_MS) =>
    new Promise<void>((resolve, reject) => {
      let checking = false;
      let again = false;
      const finish = (err?: Error) => {
        clearTimeout(timer);
        events.off('line', onLine);
        child.off('exit', onExit);
        if (err) reject(err);
        else resolve();
      };
      const fail = (why: string) => finish(new Error(`${why} waiting for ${what}; output:\n${output().slice(-3000)}`));
      // One check at a time; lines that arrive during an async check trigger one more.
      const onLine = () => {
        if (checking) {
          again = true;
          return;
        }
        checking = true;
        Promise.resolve(check(lines)).then(
          (ok) => {
            checking = false;
            if (ok) finish();
            else if (again) {
              again = false;
              onLine();
            }
          },
          (err: unknown) => finish(err as Error),
        );
      };
      const onExit = (code: number | null) => fail(`the worker exited (${code})`);
      const timer = setTimeout(() => fail(`timed out after ${timeoutMs} ms`), timeoutMs);
      events.on('line', onLine);
      child.once('exit', onExit);
      onLine();
    });

  return { child, logs: () => lines, output, exited, until };
}
