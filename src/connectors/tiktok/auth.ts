import type { TiktokSourceConfig } from './platform.js';
import { parsePayload } from '../../http/client.js';
import { HttpError } from '../../http/errors.js';
import { withRetry } from '../../http/retry.js';
import { safeJson } from '../json.js';
import type { ConnectorDeps } from '../types.js';
import { tiktokOauthErrorSchema, tiktokTokenSchema } from './schema.js';

/** Renew this long before TikTok's stated expiry (2 h), so no request goes out with a dying token. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

export interface TokenSource {
  get(signal: AbortSignal): Promise<string>;
  /** Drops the cached token after TikTok refused it, so the next get() asks for a new one. */
  invalidate(): void;
}

/** Client-credentials flow: POST /v2/oauth/token/ → a client access token (`clt.…`), cached. */
export function createTokenSource(source: Pick<TiktokSourceConfig, 'apiUrl' | 'clientKey' | 'clientSecret'>, deps: ConnectorDeps): TokenSource {
  const url = `${source.apiUrl.replace(/\/+$/, '')}/v2/oauth/token/`;
  let cached: { token: string; expiresAt: number } | null = null;
  const classify = (res: { status: number; text: string }) => {
    // OAuth errors may come with HTTP 200 or 4xx: the `error` field decides.
    const err = tiktokOauthErrorSchema.safeParse(safeJson(res.text));
    if (!err.success) return undefined;
    return new HttpError(
      'permanent',
      `TikTok refused the client credentials (${err.data.error}: ${err.data.error_description ?? ''}); set clientKey and clientSecret of an app approved for the Research API`,
      { status: res.status, reason: 'unauthorized' },
    );
  };
  return {
    async get(signal) {
      const now = deps.now().getTime();
      if (cached && cached.expiresAt - EXPIRY_MARGIN_MS > now) return cached.token;
      const body = new URLSearchParams({ client_key: source.clientKey, client_secret: source.clientSecret, grant_type: 'client_credentials' });
      const res = await withRetry(
        () =>
          deps.http.json(url, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
            body: body.toString(),
            signal,
            classify,
          }),
        { signal, sleep: deps.sleep },
      );
      const token = parsePayload(tiktokTokenSchema, res.body, url);
      cached = { token: token.access_token, expiresAt: now + token.expires_in * 1000 };
      return cached.token;
    },
    invalidate() {
      cached = null;
    },
  };
}
