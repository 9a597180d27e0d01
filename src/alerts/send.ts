import type { HttpClient } from '../http/client.js';
import { HttpError, kindForStatus } from '../http/errors.js';
import { parseRetryAfter } from '../http/retry.js';
import { DESTINATIONS, type Destination } from './destinations.js';
import type { AlertPayload } from './payload.js';

/**
 * One delivery attempt of one alert. Slack answers a refused webhook with a plain-text reason
 * (`invalid_payload`, `no_service`, `channel_is_archived`, `action_prohibited`...): it becomes
 * the error's reason, and the message never carries the webhook URL (it is a credential).
 */
export async function sendAlert(
  http: HttpClient,
  destination: Destination,
  payload: AlertPayload,
  idempotencyKey: string,
  now: Date,
  signal?: AbortSignal,
): Promise<void> {
  const request = DESTINATIONS[destination.name].request(payload, idempotencyKey, destination.secret, now);
  await http.text(destination.url, {
    method: 'POST',
    body: request.body,
    headers: request.headers,
    signal,
    classify: (res) => classifyDelivery(destination.name, res, now.getTime()),
  });
}

export function classifyDelivery(sink: Destination['name'], res: { status: number; headers: Headers; text: string }, now: number): HttpError | undefined {
  if (res.status >= 200 && res.status < 300) return undefined;
  const reason = /^[a-z0-9_]{2,60}$/i.test(res.text.trim()) ? res.text.trim() : `http_${res.status}`;
  return new HttpError(kindForStatus(res.status), `${sink} refused the alert: ${res.status} ${reason}`, {
    status: res.status,
    reason,
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), now),
  });
}
