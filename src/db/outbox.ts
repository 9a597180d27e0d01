import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './client.js';

export interface ClaimedAlert {
  id: number;
  idempotencyKey: string;
  campaignId: string;
  kind: string;
  destination: string;
  payload: unknown;
  attempts: number;
  createdAt: Date;
}

/**
 * Claims up to `limit` alerts that are due: pending ones whose next attempt has come, and
 * 'sending' ones whose claim lapsed (a replica died mid-send). `for update skip locked` lets
 * several replicas claim side by side without ever taking the same row.
 */
export async function claimDueAlerts(db: Executor, now: Date, lockMs: number, limit: number): Promise<ClaimedAlert[]> {
  const at = now.toISOString();
  const rows = await queryRows<{
    id: number;
    idempotency_key: string;
    campaign_id: string;
    kind: string;
    destination: string;
    payload: unknown;
    attempts: number;
    created_at: string;
  }>(
    db,
    sql`
    update alerts set status = 'sending', locked_until = ${at}::timestamptz + ${lockMs} * interval '1 millisecond'
    where id in (
      select id from alerts
      where (status = 'pending' and next_attempt_at <= ${at}::timestamptz)
         or (status = 'sending' and locked_until < ${at}::timestamptz)
      order by id
      limit ${limit}
      for update skip locked)
    returning id, idempotency_key, campaign_id, kind, destination, payload, attempts, created_at::text as created_at`,
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      idempotencyKey: r.idempotency_key,
      campaignId: r.campaign_id,
      kind: r.kind,
      destination: r.destination,
      payload: typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload,
      attempts: Number(r.attempts),
      createdAt: new Date(r.created_at),
    }))
    .sort((a, b) => a.id - b.id);
}

export async function markAlertSent(db: Executor, id: number, attempts: number, now: Date): Promise<void> {
  await db.execute(sql`
    update alerts set status = 'sent', sent_at = ${now.toISOString()}::timestamptz, attempts = attempts + ${attempts},
      locked_until = null, last_error = null
    where id = ${id}`);
}

export async function markAlertFailed(db: Executor, id: number, attempts: number, reason: string): Promise<void> {
  await db.execute(sql`
    update alerts set status = 'failed', attempts = attempts + ${attempts}, locked_until = null, last_error = ${reason.slice(0, 500)}
    where id = ${id}`);
}

export async function rescheduleAlert(db: Executor, id: number, attempts: number, at: Date, reason: string): Promise<void> {
  await db.execute(sql`
    update alerts set status = 'pending', attempts = attempts + ${attempts}, next_attempt_at = ${at.toISOString()}::timestamptz,
      locked_until = null, last_error = ${reason.slice(0, 500)}
    where id = ${id}`);
}

export interface OutboxRow {
  id: number;
  idempotencyKey: string;
  series: string;
  destination: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: string;
}

export async function listAlerts(db: Executor, campaignId?: string): Promise<OutboxRow[]> {
  const rows = await queryRows<{
    id: number;
    idempotency_key: string;
    series: string;
    destination: string;
    status: string;
    attempts: number;
    last_error: string | null;
    next_attempt_at: string | Date;
  }>(
    db,
    sql`select id, idempotency_key, series, destination, status, attempts, last_error, next_attempt_at from alerts
        where ${campaignId ?? null}::text is null or campaign_id = ${campaignId ?? null} order by id`,
  );
  return rows.map((r) => ({
    id: Number(r.id),
    idempotencyKey: r.idempotency_key,
    series: r.series,
    destination: r.destination,
    status: r.status,
    attempts: Number(r.attempts),
    lastError: r.last_error,
    nextAttemptAt: new Date(r.next_attempt_at).toISOString(),
  }));
}
