import { listSourceStates } from '../db/cursors.js';
import { pingDatabase } from '../db/health.js';
import { json, route, type Route, type ServerDeps } from './server.js';

const DB_TIMEOUT_MS = 2_000;

type SourceHealth = 'healthy' | 'failing' | 'never polled';

/**
 * /healthz: the process answers (liveness; never touches the database, so a database outage
 * does not get pods restarted). /readyz: the database answers within 2 s AND at least one
 * configured source's last poll succeeded. A fresh deployment is not ready until its first
 * successful poll; replicas sharing a database see each other's polls.
 */
export function healthRoutes(deps: ServerDeps): Route[] {
  return [
    route('/healthz', () => json(200, { status: 'ok' })),
    route('/readyz', async () => {
      let database: 'ok' | string = 'ok';
      let sources: Array<{ source: string; state: SourceHealth }> = [];
      try {
        await withTimeout(pingDatabase(deps.db), DB_TIMEOUT_MS);
        const states = new Map((await withTimeout(listSourceStates(deps.db), DB_TIMEOUT_MS)).map((s) => [s.sourceKey, s]));
        sources = deps.sourceKeys.map((key) => {
          const s = states.get(key);
          const state: SourceHealth =
            !s || (!s.lastSuccessAt && s.consecutiveFailures === 0) ? 'never polled' : s.consecutiveFailures > 0 ? 'failing' : 'healthy';
          return { source: key, state };
        });
      } catch (err) {
        database = `unreachable: ${err instanceof Error ? err.message : String(err)}`;
      }
      const ready = database === 'ok' && sources.some((s) => s.state === 'healthy');
      return json(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', database, sources });
    }),
  ];
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
