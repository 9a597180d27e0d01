import { alertsSchema, type AlertsConfig } from '../config/campaigns.js';
import { DETECTOR_DEFAULTS, type DetectorConfig } from './detector.js';

/** The detector settings of a campaign's `alerts` block; `bucketMs` may be overridden (CSV files). */
export function detectorConfig(alerts: AlertsConfig, bucketMs = alerts.bucket): DetectorConfig {
  return {
    ...DETECTOR_DEFAULTS,
    bucketMs,
    minPosts: alerts.minPosts,
    minLift: alerts.minLift,
    maxPValue: alerts.maxPValue,
    minExpected: alerts.minExpected,
    growthFactor: alerts.growthFactor,
    cooldownMs: alerts.cooldown,
    windowMs: alerts.window,
  };
}

/** The defaults a campaign gets when its alerts block only names a destination. */
export function defaultAlertsConfig(overrides: Record<string, unknown> = {}): AlertsConfig {
  return alertsSchema.parse({ webhook: { url: 'https://example.invalid/' }, ...overrides });
}
