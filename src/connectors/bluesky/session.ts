import type { BlueskySourceConfig } from './platform.js';
import { HttpError } from '../../http/errors.js';
import { parsePayload } from '../../http/client.js';
import { withRetry } from '../../http/retry.js';
import type { ConnectorDeps } from '../types.js';
import { classifyBlueskyError } from './errors.js';
import { sessionSchema, type BlueskySession } from './schema.js';

export interface SessionHolder {
  /** The access token of the current session, logging in only when there is none. */
  accessJwt(signal: AbortSignal): Promise<string>;
  /** After an ExpiredToken: refreshSession, or a new login when the refresh token is spent too. */
  renew(signal: AbortSignal): Promise<void>;
}

/**
 * One session per source for the life of the process: createSession has a tiny bucket
 * (10 a day recorded, 30 per 5 min and 300 a day documented), so never log in per poll.
 */
export function createSessionHolder(source: BlueskySourceConfig, deps: ConnectorDeps): SessionHolder {
  const base = source.service.replace(/\/+$/, '');
  let session: BlueskySession | null = null;

  const call = async (method: string, init: { auth?: string; body?: string }, kind: 'login' | 'refresh', signal: AbortSignal) => {
    const url = `${base}/xrpc/${method}`;
    const res = await withRetry(
      () =>
        deps.http.json(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(init.auth ? { authorization: `Bearer ${init.auth}` } : {}) },
          body: init.body,
          signal,
          classify: (r) => classifyBlueskyError(r, deps.now(), kind),
        }),
      { signal, sleep: deps.sleep },
    );
    return parsePayload(sessionSchema, res.body, url);
  };

  const login = async (signal: AbortSignal) => {
    session = await call(
      'com.atproto.server.createSession',
      { body: JSON.stringify({ identifier: source.identifier, password: source.appPassword }) },
      'login',
      signal,
    );
    deps.log.info({ handle: session.handle }, 'bluesky session created');
    return session;
  };

  return {
    async accessJwt(signal) {
      return (session ?? (await login(signal))).accessJwt;
    },
    async renew(signal) {
      if (!session) {
        await login(signal);
        return;
      }
      try {
        session = await call('com.atproto.server.refreshSession', { auth: session.refreshJwt }, 'refresh', signal);
        deps.log.info({ handle: session.handle }, 'bluesky session refreshed');
      } catch (err) {
        if (!(err instanceof HttpError && err.reason === 'expired_token')) throw err;
        session = null;
        await login(signal);
      }
    },
  };
}
