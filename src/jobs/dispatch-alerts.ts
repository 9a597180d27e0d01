import { destinationsFor, type DestinationName } from '../alerts/destinations.js';
import { alertPayloadSchema } from '../alerts/payload.js';
import { sendAlert } from '../alerts/send.js';
import type { Campaign } from '../config/campaigns.js';
import type { Db } from '../db/client.js';
import { claimDueAlerts, markAlertFailed, markAlertSent, rescheduleAlert, type ClaimedAlert } from '../db/outbox.js';
import type { HttpClient } from '../http/client.js';
import { HttpError } from '../http/errors.js';
import { backoffDelay, withRetry, type RetryPolicy, type Sleep } from '../http/retry.js';
import type { Logger } from '../log.js';

/**
 * The outbox dispatcher: claims due alerts (several replicas can run it: rows are claimed with
 * `for update skip locked` and a lease), sends each one, and records the outcome.
 * - 2xx: sent.
 * - 429 / 5xx / timeouts: retried here with backoff while the wait is short (Retry-After is
 *   honoured); a longer wait, or the last in-process attempt, reschedules the row
 *   (next_attempt_at, at most 15 minutes ahead) for a later run; a destination down for hours
 *   gets the alert once it is back, until the alert is `giveUpAfterMs` old (default 24 h).
 * - any other 4xx (Slack's invalid_payload, no_service, channel_is_archived...): failed at
 *   once with Slack's reason; a person must fix the webhook.
 * A replica that dies mid-send leaves a 'sending' row whose lease lapses: the next run sends it
 * again (at-least-once; Slack incoming webhooks have no idempotency key, the generic webhook
 * gets the Idempotency-Key header). Runs every minute; a run costs one claim query plus one
 * update per alert.
 */

export interface DispatchDeps {
  db: Db;
  http: HttpClient;
  log: Logger;
  now: () => Date;
  sleep: Sleep;
  campaigns: readonly Campaign[];
  random?: () => number;
}

export interface DispatchOptions {
  batch?: number;
  lockMs?: number;
  /** A transient failure of an alert older than this marks it failed instead of postponing it. */
  giveUpAfterMs?: number;
  policy?: RetryPolicy;
}

export const DISPATCH_POLICY: RetryPolicy = { attempts: 3, baseDelayMs: 1_000, maxDelayMs: 30_000 };
const LATER_POLICY: RetryPolicy = { attempts: 20, baseDelayMs: 60_000, maxDelayMs: 15 * 60_000 };
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;

export interface DispatchOutcome {
  sent: number;
  failed: number;
  retryLater: number;
}

export async function dispatchAlerts(deps: DispatchDeps, signal: AbortSignal, options: DispatchOptions = {}): Promise<DispatchOutcome> {
  const outcome: DispatchOutcome = { sent: 0, failed: 0, retryLater: 0 };
  const claimed = await claimDueAlerts(deps.db, deps.now(), options.lockMs ?? 120_000, options.batch ?? 20);
  for (const row of claimed) {
    if (signal.aborted) {
      await rescheduleAlert(deps.db, row.id, 0, deps.now(), 'dispatcher stopped');
      continue;
    }
    const result = await deliver(deps, row, signal, options);
    outcome[result] += 1;
  }
  if (claimed.length > 0) deps.log.info({ claimed: claimed.length, ...outcome }, 'alerts dispatched');
  return outcome;
}

async function deliver(deps: DispatchDeps, row: ClaimedAlert, signal: AbortSignal, options: DispatchOptions): Promise<keyof DispatchOutcome> {
  const log = deps.log.child({ alert: row.idempotencyKey });
  const campaign = deps.campaigns.find((c) => c.id === row.campaignId);
  const payload = alertPayloadSchema.safeParse(row.payload);
  const destination =
    campaign?.alerts && payload.success
      ? destinationsFor(campaign.alerts, payload.data.kind).find((d) => d.name === (row.destination as DestinationName))
      : undefined;
  if (!payload.success || !destination) {
    const reason = payload.success ? 'destination no longer configured' : 'unreadable payload';
    await markAlertFailed(deps.db, row.id, 0, reason);
    log.error({ reason }, 'alert dropped');
    return 'failed';
  }
  let requests = 0;
  try {
    await withRetry(
      () => {
        requests += 1;
        return sendAlert(deps.http, destination, payload.data, row.idempotencyKey, deps.now(), signal);
      },
      {
        policy: options.policy ?? DISPATCH_POLICY,
        signal,
        sleep: deps.sleep,
        random: deps.random,
        onRetry: ({ attempt, delayMs, err }) => log.warn({ attempt, delayMs, reason: err.reason }, 'alert delivery retry'),
      },
    );
    await markAlertSent(deps.db, row.id, requests, deps.now());
    log.info({ destination: destination.name, attempts: row.attempts + requests }, 'alert sent');
    return 'sent';
  } catch (err) {
    if (signal.aborted) {
      await rescheduleAlert(deps.db, row.id, requests, deps.now(), 'dispatcher stopped');
      return 'retryLater';
    }
    const reason = err instanceof HttpError ? (err.reason ?? err.message) : err instanceof Error ? err.message : String(err);
    const total = row.attempts + requests;
    const age = deps.now().getTime() - row.createdAt.getTime();
    if (err instanceof HttpError && err.kind === 'transient' && age < (options.giveUpAfterMs ?? GIVE_UP_AFTER_MS)) {
      const delay = Math.max(err.retryAfterMs ?? 0, backoffDelay(Math.max(1, total - 2), LATER_POLICY, deps.random ?? Math.random));
      const at = new Date(deps.now().getTime() + delay);
      await rescheduleAlert(deps.db, row.id, requests, at, reason);
      log.warn({ reason, attempts: total, nextAttemptAt: at.toISOString() }, 'alert delivery postponed');
      return 'retryLater';
    }
    await markAlertFailed(deps.db, row.id, requests, reason);
    log.error({ reason, attempts: total, status: err instanceof HttpError ? err.status : undefined }, 'alert delivery failed');
    return 'failed';
  }
}
