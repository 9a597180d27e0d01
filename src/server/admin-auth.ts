import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { json, type Reply } from './server.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The one admin check: true when `authorization` is `Bearer <token>` for one of the accepted
 * tokens (CAMPANILE_ADMIN_TOKEN when the operator set one; the local admin API also accepts the
 * worker's own token from its lock file). Compared as digests, in constant time whatever the
 * lengths; a token is never logged.
 */
export function isAdminAuthorized(authorization: string | undefined, tokens: readonly (string | undefined)[]): boolean {
  const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (!given) return false;
  let ok = false;
  for (const token of tokens) if (token && timingSafeEqual(digest(given), digest(token))) ok = true;
  return ok;
}

/**
 * The moderation endpoints' answer to a request: null when allowed; otherwise the reply to send
 * (403 while no CAMPANILE_ADMIN_TOKEN is configured, 401 for a missing or wrong token).
 */
export function adminAuthError(token: string | undefined, headers: IncomingHttpHeaders): Reply | null {
  if (!token) return json(403, { error: 'admin endpoints are disabled: set CAMPANILE_ADMIN_TOKEN' });
  if (isAdminAuthorized(headers.authorization, [token])) return null;
  return json(401, { error: 'a valid admin bearer token is required' }, { 'www-authenticate': 'Bearer realm="campanile-admin"' });
}
