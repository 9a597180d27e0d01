import type { AlertKind, AlertsConfig } from '../config/campaigns.js';

export type DestinationName = 'slack' | 'webhook';

export interface Destination {
  name: DestinationName;
  url: string;
  secret?: string;
}

/** Where an alert of `kind` goes: the kind's Slack webhook (or the campaign's), and the generic webhook. */
export function destinationsFor(alerts: AlertsConfig, kind: AlertKind): Destination[] {
  const out: Destination[] = [];
  const slack = alerts.slackWebhooks?.[kind] ?? alerts.slackWebhook;
  if (slack) out.push({ name: 'slack', url: slack });
  if (alerts.webhook) out.push({ name: 'webhook', url: alerts.webhook.url, secret: alerts.webhook.secret });
  return out;
}
