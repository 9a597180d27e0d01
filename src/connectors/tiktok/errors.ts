import { z } from 'zod';
import { HttpError } from '../../http/errors.js';
import { tiktokErrorSchema } from './schema.js';

const HINTS: Record<string, { kind: 'transient' | 'permanent'; hint: string }> = {
  access_token_invalid: { kind: 'permanent', hint: 'check clientKey and clientSecret' },
  scope_not_authorized: { kind: 'permanent', hint: 'the app needs the research.data.basic scope: TikTok must approve it for the Research API' },
  scope_permission_missed: { kind: 'permanent', hint: 'the app needs the research.data.basic scope: TikTok must approve it for the Research API' },
  invalid_params: { kind: 'permanent', hint: 'check the hashtags and regionCodes of this source' },
  rate_limit_exceeded: { kind: 'transient', hint: 'the source waits a minute' },
  daily_quota_limit_exceeded: { kind: 'transient', hint: 'the source waits until 00:00 UTC' },
  internal_error: { kind: 'transient', hint: 'TikTok will be asked again' },
};

export function tiktokError(e: z.infer<typeof tiktokErrorSchema>, status: number, now: Date): HttpError {
  const known = HINTS[e.code];
  const kind = known?.kind ?? (status >= 500 || status === 429 ? 'transient' : 'permanent');
  const nextUtcMidnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1);
  const retryAfterMs =
    e.code === 'daily_quota_limit_exceeded' ? nextUtcMidnight - now.getTime() : e.code === 'rate_limit_exceeded' || status === 429 ? 60_000 : undefined;
  const message = `TikTok ${status === 200 ? 'answered' : `refused the request (${status})`} with ${e.code}: ${e.message ?? ''}${known ? `; ${known.hint}` : ''}${e.log_id ? ` (log_id ${e.log_id})` : ''}`;
  return new HttpError(kind, message, { status, reason: e.code, retryAfterMs });
}

/** TikTok's v2 envelope: `error.code` is a string and carries the meaning ("ok" on success). */
export function classifyTiktokError(res: { status: number; text: string }, now: Date): HttpError | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return undefined;
  }
  const parsed = z.object({ error: tiktokErrorSchema }).safeParse(body);
  return parsed.success ? tiktokError(parsed.data.error, res.status, now) : undefined;
}
