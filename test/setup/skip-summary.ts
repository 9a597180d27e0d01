import type { Reporter } from 'vitest/node';
import { inCi, missingRequirements } from '../helpers/requirements.js';

/** After the run's summary: one line naming what this machine made the suite skip, and why. */
export default class SkipSummary implements Reporter {
  onTestRunEnd(): void {
    const missing = missingRequirements();
    // With CI=true the global setup has already failed the run, naming them.
    if (missing.length > 0 && !inCi()) process.stdout.write(`\nSkipped on this machine: ${missing.join('; ')}\n`);
  }
}
