import type { HttpResponse } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { withRetry } from '../../http/retry.js';
import type { ConnectorDeps } from '../types.js';
import { createTokenSource } from './auth.js';
import { classifyTiktokError } from './errors.js';
import type { TiktokSourceConfig } from './platform.js';

export interface ResearchClient {
  /** The API root, without a trailing slash. */
  api: string;
  /** POSTs `body` as JSON with the client token: the raw text (the video query keeps its 64-bit ids) or parsed JSON. */
  post(url: string, body: unknown, signal: AbortSignal, as: 'text'): Promise<HttpResponse<string>>;
  post(url: string, body: unknown, signal: AbortSignal, as: 'json'): Promise<HttpResponse<unknown>>;
}

/**
 * The Research API as the connector and the profile reader both call it: client-credentials
 * token, retries, TikTok's error envelope, and one new token when TikTok calls it invalid
 * (a client token can die before its stated expiry).
 */
export function createResearchClient(credentials: Pick<TiktokSourceConfig, 'apiUrl' | 'clientKey' | 'clientSecret'>, deps: ConnectorDeps): ResearchClient {
  const tokens = createTokenSource(credentials, deps);
  async function post(url: string, body: unknown, signal: AbortSignal, as: 'text' | 'json'): Promise<HttpResponse<unknown>> {
    const send = async () => {
      const token = await tokens.get(signal);
      return withRetry(
        () =>
          deps.http[as](url, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
            signal,
            classify: (res) => classifyTiktokError(res, deps.now()),
          }),
        { signal, sleep: deps.sleep },
      );
    };
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof HttpError) || err.reason !== 'access_token_invalid') throw err;
      tokens.invalidate();
      return send();
    }
  }
  return { api: credentials.apiUrl.replace(/\/+$/, ''), post: post as ResearchClient['post'] };
}
