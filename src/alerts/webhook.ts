import { createHmac } from 'node:crypto';
import type { AlertPayload } from './payload.js';

/**
 * The generic sink: a JSON POST of the alert. With a secret, the receiver can check
 * `X-Campanile-Signature: sha256=<hex>`, the HMAC-SHA256 of `<timestamp>.<raw body>` with the
 * secret, where `<timestamp>` is the `X-Campanile-Timestamp` header (Unix seconds); refusing
 * old timestamps stops replays. `Idempotency-Key` is the same for every retry of one alert.
 */
export const SIGNATURE_HEADER = 'x-campanile-signature';
export const TIMESTAMP_HEADER = 'x-campanile-timestamp';

export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

export function webhookRequest(
  payload: AlertPayload,
  idempotencyKey: string,
  secret: string | undefined,
  now: Date,
): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ type: 'campanile.alert', idempotencyKey, alert: payload });
  const timestamp = Math.floor(now.getTime() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'idempotency-key': idempotencyKey,
    [TIMESTAMP_HEADER]: String(timestamp),
  };
  if (secret) headers[SIGNATURE_HEADER] = signBody(secret, timestamp, body);
  return { body, headers };
}
