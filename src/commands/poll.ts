import { loadEnv } from '../config/env.js';
import { dispatchJob, pollJobs, snapshotJobs } from '../jobs/index.js';
import type { PollOutcome } from '../jobs/poll-source.js';
import { openContext, parse } from './context.js';
import { UsageError } from './errors.js';

export async function pollOnce(args: string[]): Promise<number> {
  const { values } = parse(args, { once: { type: 'boolean' }, source: { type: 'string' } });
  if (!values.once) throw new UsageError('poll runs one round: pass --once');
  const env = loadEnv();
  const ctx = await openContext(env, values.config, 'poll');
  try {
    const polls = pollJobs(ctx).filter((job) => !values.source || job.target.key === values.source);
    if (values.source && polls.length === 0) throw new UsageError(`no source "${values.source}"; see "campanile status"`);
    const outcomes: { key: string; outcome: PollOutcome }[] = [];
    const signal = new AbortController().signal;
    for (const job of polls) outcomes.push({ key: job.target.key, outcome: await job.run(signal) });
    await dispatchJob(ctx)?.run(signal);
    let snapshots = 0;
    for (const job of snapshotJobs(ctx)) if (await job.run()) snapshots += 1;
    process.stdout.write(`${pollSummary(outcomes, snapshots)}\n`);
    return outcomes.some((o) => o.outcome.status === 'failed') ? 1 : 0;
  } finally {
    await ctx.close();
  }
}

/** One line for the person who ran `poll --once`: what came in, what failed and why. */
export function pollSummary(outcomes: readonly { key: string; outcome: PollOutcome }[], snapshots: number): string {
  const failed = outcomes.filter((o) => o.outcome.status === 'failed');
  const sum = (field: 'fetched' | 'inserted' | 'updated' | 'quarantined') => outcomes.reduce((n, o) => n + o.outcome[field], 0);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const parts = [
    `polled ${plural(outcomes.length, 'source')}: ${outcomes.length - failed.length} ok, ${failed.length} failed`,
    `${sum('fetched')} fetched, ${sum('inserted')} new, ${sum('updated')} re-seen, ${sum('quarantined')} quarantined`,
    `${plural(snapshots, 'snapshot')} written`,
  ];
  const reasons = failed.map((o) => `${o.key}: ${o.outcome.error ?? 'failed'}`);
  return `${parts.join('; ')}${reasons.length > 0 ? ` — ${reasons.join('; ')}` : ''}`;
}
