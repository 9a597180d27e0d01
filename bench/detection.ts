/**
 * Spike detection alone: series updates per second through the streaming detector
 * (src/alerts/detector.ts stepDetector, the function the ingest transaction calls per bucket),
 * over the labelled synthetic series of bench:spikes (15-minute buckets, weeks of history,
 * gaps, spikes). Pure CPU, one core; the database round trip of the worker is not included.
 */
import { defaultAlertsConfig, detectorConfig } from '../src/alerts/config.js';
import { createDetectorState, stepDetector } from '../src/alerts/detector.js';
import { generateSeries } from './synthetic.js';

export function measureDetection(perSize: number, weeks: number): { updatesPerSecond: number; updates: number; alerts: number } {
  const alerts = defaultAlertsConfig();
  const series = generateSeries({ seed: 3, perSize, weeks, bucketMs: alerts.bucket, minPosts: alerts.minPosts });
  const run = () => {
    let updates = 0;
    let events = 0;
    for (const s of series) {
      const cfg = detectorConfig(alerts, s.bucketMs);
      const state = createDetectorState(s.bucketMs);
      for (const [i, value] of s.values.entries()) {
        events += stepDetector(state, s.start + i * s.bucketMs, value, cfg).length;
        updates += 1;
      }
    }
    return { updates, events };
  };
  run();
  const started = performance.now();
  const { updates, events } = run();
  const seconds = (performance.now() - started) / 1000;
  return { updatesPerSecond: Math.round(updates / seconds), updates, alerts: events };
}
