import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { json, type Reply } from './server.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The one check of the admin endpoints: `Authorization: Bearer <CAMPANILE_ADMIN_TOKEN>`.
 * Null when allowed; otherwise the reply to send (403 while no token is configured, 401 for a
 * missing or wrong token). Compared as digests in constant time; the token is never logged.
 */
export function adminAuthError(token: string | undefined, headers: IncomingHttpHeaders): Reply | null {
  if (!token) return json(403, { error: 'admin endpoints are disabled: set CAMPANILE_ADMIN_TOKEN' });
  const match = /^Bearer\s+(\S+)\s*$/i.exec(headers.authorization ?? '');
  if (match?.[1] && timingSafeEqual(digest(match[1]), digest(token))) return null;
  return json(401, { error: 'a valid admin bearer token is required' }, { 'www-authenticate': 'Bearer realm="campanile-admin"' });
}
