import type { AlertKind, AlertsConfig } from '../config/campaigns.js';
import type { AlertPayload } from './payload.js';
import { slackMessage } from './slack.js';
import { webhookRequest } from './webhook.js';

export interface Destination {
  name: DestinationName;
  url: string;
  secret?: string;
}

interface DestinationKind {
  /** Where an alert of `kind` goes with this kind of destination, if the campaign configured one. */
  target(alerts: AlertsConfig, kind: AlertKind): { url: string; secret?: string } | undefined;
  /** The POST that delivers one alert. */
  request(payload: AlertPayload, idempotencyKey: string, secret: string | undefined, now: Date): { body: string; headers: Record<string, string> };
}

/**
 * The registry of alert destinations, in delivery order: a new one is an entry here. Its name is
 * stored with each outbox row (`alert_outbox.destination`).
 */
export const DESTINATIONS = {
  /** The kind's Slack webhook, or the campaign's. */
  slack: {
    target: (alerts, kind) => {
      const url = alerts.slackWebhooks?.[kind] ?? alerts.slackWebhook;
      return url ? { url } : undefined;
    },
    request: (payload) => ({ body: JSON.stringify(slackMessage(payload)), headers: { 'content-type': 'application/json' } }),
  },
  /** The generic signed webhook. */
  webhook: {
    target: (alerts) => alerts.webhook && { url: alerts.webhook.url, secret: alerts.webhook.secret },
    request: webhookRequest,
  },
} satisfies Record<string, DestinationKind>;

export type DestinationName = keyof typeof DESTINATIONS;

/** Where an alert of `kind` goes: every configured destination. */
export function destinationsFor(alerts: AlertsConfig, kind: AlertKind): Destination[] {
  return (Object.keys(DESTINATIONS) as DestinationName[]).flatMap((name) => {
    const target = DESTINATIONS[name].target(alerts, kind);
    return target ? [{ name, ...target }] : [];
  });
}
