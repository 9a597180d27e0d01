import { route, type Route, type ServerDeps } from './server.js';

/** Prometheus exposition; the gauges read the database during the scrape. */
export function metricsRoutes(deps: ServerDeps): Route[] {
  return [
    route('/metrics', async () => ({
      status: 200,
      headers: { 'content-type': deps.metrics.registry.contentType, 'cache-control': 'no-store' },
      body: await deps.metrics.registry.metrics(),
    })),
  ];
}
