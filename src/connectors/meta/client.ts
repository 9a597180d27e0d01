import { withRetry } from '../../http/retry.js';
import type { ConnectorDeps } from '../types.js';
import { classifyGraphError, graphHeaders, signGraphUrl, type GraphAuth, type GraphErrorContext } from './graph.js';

export interface GraphSettings extends GraphAuth {
  graphUrl: string;
  apiVersion: string;
}

/**
 * A Graph API reader as the Instagram and Facebook connectors and profile readers all use it:
 * the token in a header, appsecret_proof when configured, retries, and Meta's errors classified
 * with the product's own hints.
 */
export function createGraphClient(settings: GraphSettings, deps: ConnectorDeps, hints: Omit<GraphErrorContext, 'now'>) {
  const headers = graphHeaders(settings);
  const classify = (res: { status: number; headers: Headers; text: string }) => classifyGraphError(res, { ...hints, now: deps.now() });
  return {
    /** `<graphUrl>/<apiVersion>`: object paths go under it. */
    root: `${settings.graphUrl.replace(/\/+$/, '')}/${settings.apiVersion}`,
    get: (url: string, signal: AbortSignal) =>
      withRetry(() => deps.http.json(signGraphUrl(url, settings), { headers, signal, classify }), { signal, sleep: deps.sleep }),
  };
}
