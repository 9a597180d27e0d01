import type { ChallengeConfig } from '../config/campaigns.js';
import { zonedInstant } from '../domain/time.js';

export { zonedInstant } from '../domain/time.js';

export interface TimeWindow {
  start: Date;
  /** Exclusive. */
  end: Date;
}

/** The challenge's window; a bare end date includes that whole day. */
export function challengeWindow(challenge: Pick<ChallengeConfig, 'start' | 'end' | 'timezone'>): TimeWindow {
  return {
    start: zonedInstant(challenge.start, challenge.timezone),
    end: zonedInstant(challenge.end, challenge.timezone, true),
  };
}
