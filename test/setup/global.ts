import { inCi, missingRequirements } from '../helpers/requirements.js';

/** With CI=true a suite that would skip fails the run instead, before any test starts. */
export default function setup(): void {
  const missing = missingRequirements();
  if (inCi() && missing.length > 0) {
    throw new Error(`CI=true and the suite would skip parts of itself:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
  }
}
