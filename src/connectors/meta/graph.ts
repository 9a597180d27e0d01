import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { httpUrl, secretText } from '../../config/fields.js';
import { HttpError } from '../../http/errors.js';
import { safeJson } from '../json.js';
import type { RateLimitState } from '../types.js';

/**
 * What the Instagram and Facebook connectors share: Meta's Graph API auth, error envelope and
 * usage headers. Quirks: throttling comes back as HTTP 400 (not 429) with an OAuthException
 * code; usage headers are JSON percentages of the allowance, not counts.
 */

/** The Graph settings of an Instagram or Facebook source, and of their accounts' own credentials. */
export const graphFields = {
  /** A token, or `${ENV}`; appSecret adds appsecret_proof (required by some apps' settings). */
  accessToken: secretText,
  appSecret: secretText.optional(),
  graphUrl: httpUrl.default('https://graph.facebook.com'),
  apiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, 'expected a Graph API version such as "v21.0"')
    .default('v21.0'),
};

export const graphErrorSchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string().optional(),
    code: z.number().int(),
    error_subcode: z.number().int().optional(),
    error_user_title: z.string().optional(),
    error_user_msg: z.string().optional(),
    is_transient: z.boolean().optional(),
    fbtrace_id: z.string().optional(),
  }),
});

/** A Graph list page: `data` plus optional cursor or time-based `paging`; last page has no `next`. */
export const graphPageSchema = z.object({
  data: z.array(z.unknown()),
  paging: z
    .object({
      cursors: z.object({ before: z.string().optional(), after: z.string().optional() }).optional(),
      next: z.string().optional(),
      previous: z.string().optional(),
    })
    .optional(),
});

/** Graph timestamps: `2021-08-19T09:00:21+0000` (no colon in the offset). */
export const graphTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/, 'expected a Graph timestamp such as 2021-08-19T09:00:21+0000');

export type GraphPage = z.infer<typeof graphPageSchema>;

export interface GraphAuth {
  accessToken: string;
  appSecret?: string;
}

/** The token travels in a header, so Meta's `paging.next` URLs never echo it back to us. */
export function graphHeaders(auth: GraphAuth): Record<string, string> {
  return { authorization: `Bearer ${auth.accessToken}` };
}

/** A Graph URL without credentials, fit to be stored in a cursor. */
export function stripGraphCredentials(url: string): string {
  const u = new URL(url);
  u.searchParams.delete('access_token');
  u.searchParams.delete('appsecret_proof');
  return u.toString();
}

/** Adds appsecret_proof when an app secret is configured; drops any access_token Meta echoed. */
export function signGraphUrl(url: string, auth: GraphAuth): string {
  const u = new URL(stripGraphCredentials(url));
  if (auth.appSecret) {
    u.searchParams.set('appsecret_proof', createHmac('sha256', auth.appSecret).update(auth.accessToken).digest('hex'));
  }
  return u.toString();
}

/** App (4), user (17), page (32), custom (613) and business-use-case (800xx) throttles. */
export function isThrottleCode(code: number): boolean {
  return code === 4 || code === 17 || code === 32 || code === 613 || (code >= 80000 && code < 80100);
}

/** When Meta gives no estimate, wait this long: the usage window is a rolling hour. */
export const DEFAULT_THROTTLE_WAIT_MS = 15 * 60_000;

export interface GraphErrorContext {
  product: 'Instagram' | 'Facebook';
  /** What the user should do about a refused token, e.g. which env variable to refresh. */
  tokenHint: string;
  /** What the user should do about a missing permission or feature. */
  permissionHint: string;
  now: Date;
}

/** Turns a Graph error body into a precise HttpError; undefined keeps the client's default. */
export function classifyGraphError(res: { status: number; headers: Headers; text: string }, ctx: GraphErrorContext): HttpError | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  const parsed = graphErrorSchema.safeParse(safeJson(res.text));
  if (!parsed.success) return undefined;
  const e = parsed.data.error;
  const detail = `code ${e.code}${e.error_subcode ? `/${e.error_subcode}` : ''}: ${e.error_user_msg ?? e.message}`;
  const base = { status: res.status, reason: `graph_${e.code}` };
  if (isThrottleCode(e.code)) {
    const usage = readMetaUsage(res.headers, ctx.now);
    const waitMs = usage?.resetAt ? Math.max(60_000, Date.parse(usage.resetAt) - ctx.now.getTime()) : DEFAULT_THROTTLE_WAIT_MS;
    return new HttpError('transient', `${ctx.product} rate limit reached (${detail}); the source waits ${Math.round(waitMs / 60_000)} min`, {
      ...base,
      reason: 'rate_limited',
      retryAfterMs: waitMs,
    });
  }
  if (e.is_transient || e.code === 1 || e.code === 2) {
    return new HttpError('transient', `${ctx.product} had a temporary problem (${detail})`, base);
  }
  if (e.code === 190 || e.code === 102 || (e.type === 'OAuthException' && res.status === 401)) {
    return new HttpError('permanent', `${ctx.product} refused the access token (${detail}); ${ctx.tokenHint}`, { ...base, reason: 'unauthorized' });
  }
  if (
    e.code === 10 ||
    e.code === 3 ||
    (e.code >= 200 && e.code < 300) ||
    /permission|public content access|app secret proof|appsecret_proof/i.test(e.message)
  ) {
    return new HttpError('permanent', `${ctx.product} refused the request for lack of permission (${detail}); ${ctx.permissionHint}`, {
      ...base,
      reason: 'forbidden',
    });
  }
  return new HttpError(res.status >= 500 ? 'transient' : 'permanent', `${ctx.product} rejected the request (${detail})`, base);
}

const appUsageSchema = z.object({
  call_count: z.number().optional(),
  total_time: z.number().optional(),
  total_cputime: z.number().optional(),
});
const bucUsageSchema = z.record(
  z.string(),
  z.array(appUsageSchema.extend({ type: z.string().optional(), estimated_time_to_regain_access: z.number().optional() })),
);

/**
 * X-App-Usage and X-Business-Use-Case-Usage → the remaining share of the allowance (percent).
 * Meta throttles when any figure reaches 100; `estimated_time_to_regain_access` is in minutes.
 */
export function readMetaUsage(headers: Headers, now: Date): RateLimitState | undefined {
  const figures: number[] = [];
  let regainMinutes = 0;
  const app = appUsageSchema.safeParse(safeJson(headers.get('x-app-usage') ?? ''));
  if (app.success) figures.push(...Object.values(app.data).filter((v): v is number => typeof v === 'number'));
  const buc = bucUsageSchema.safeParse(safeJson(headers.get('x-business-use-case-usage') ?? ''));
  if (buc.success) {
    for (const entry of Object.values(buc.data).flat()) {
      figures.push(...[entry.call_count, entry.total_time, entry.total_cputime].filter((v): v is number => typeof v === 'number'));
      regainMinutes = Math.max(regainMinutes, entry.estimated_time_to_regain_access ?? 0);
    }
  }
  if (figures.length === 0) return undefined;
  const remaining = Math.max(0, 100 - Math.max(...figures));
  const waitMs = regainMinutes > 0 ? regainMinutes * 60_000 : remaining === 0 ? DEFAULT_THROTTLE_WAIT_MS : 0;
  return { limit: 100, remaining, resetAt: waitMs > 0 ? new Date(now.getTime() + waitMs).toISOString() : undefined };
}
