import { z } from 'zod';
import { callWorker } from '../admin-client.js';
import { loadEnv } from '../config/env.js';
import type { Db } from '../db/client.js';
import { findPostsByLink, relabelPost } from '../db/relabel.js';
import type { RelabelBody } from '../server/admin.js';
import { openContext, parse, runningWorker } from './context.js';
import { CommandError, UsageError } from './errors.js';

const LABELS = ['positive', 'neutral', 'negative'] as const;

const relabelOutcomeSchema = z.object({
  post: z.string(),
  result: z.discriminatedUnion('status', [
    z.object({ status: z.literal('relabelled'), previousLabel: z.enum(LABELS), previousScore: z.number(), localityId: z.string() }),
    z.object({ status: z.literal('unchanged') }),
    z.object({ status: z.literal('not-found') }),
  ]),
});
export type RelabelOutcome = z.infer<typeof relabelOutcomeSchema>;

/**
 * Relabels the post named by `PLATFORM:ID` or by its link (as the leaderboard page shows it).
 * Runs where the database is: in this process, or in the running worker for its admin API.
 */
export async function relabelByReference(db: Db, body: RelabelBody): Promise<RelabelOutcome> {
  let post: { platform: string; externalId: string };
  if (/^https?:\/\//i.test(body.post)) {
    const found = await findPostsByLink(db, body.campaign, body.post);
    if (found.length > 1)
      throw new CommandError(
        `campanile: ${body.post} names ${found.length} posts in campaign "${body.campaign}"; pass --post PLATFORM:ID (${found.map((p) => `${p.platform}:${p.externalId}`).join(', ')})`,
      );
    if (!found[0]) return { post: body.post, result: { status: 'not-found' } };
    post = found[0];
  } else {
    const colon = body.post.indexOf(':');
    post = { platform: body.post.slice(0, colon), externalId: body.post.slice(colon + 1) };
  }
  const result = await relabelPost(db, { campaignId: body.campaign, ...post, label: body.label, note: body.note });
  return { post: `${post.platform}:${post.externalId}`, result };
}

export async function relabel(args: string[]): Promise<number> {
  const { values } = parse(args, { campaign: { type: 'string' }, post: { type: 'string' }, label: { type: 'string' }, note: { type: 'string' } });
  if (!values.campaign || !values.post || !values.label) throw new UsageError('relabel needs --campaign, --post and --label');
  const label = LABELS.find((l) => l === values.label);
  if (!label) throw new UsageError(`--label must be one of ${LABELS.join(', ')}, not "${values.label}"`);
  if (!/^https?:\/\//i.test(values.post) && values.post.indexOf(':') <= 0) {
    throw new UsageError(
      "--post takes the post's link as the leaderboard page shows it, or PLATFORM:EXTERNAL_ID, e.g. mastodon:https://mastodon.uno/users/anna/statuses/1",
    );
  }
  const body: RelabelBody = { campaign: values.campaign, post: values.post, label, note: values.note };
  const env = loadEnv({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' });
  const worker = await runningWorker(env);
  let outcome: RelabelOutcome;
  if (worker) outcome = relabelOutcomeSchema.parse(await callWorker(worker, 'POST', '/admin/relabel', body));
  else {
    const ctx = await openContext(env, values.config, 'relabel');
    try {
      outcome = await relabelByReference(ctx.database.db, body);
    } finally {
      await ctx.close();
    }
  }
  const { result } = outcome;
  if (result.status === 'not-found') {
    process.stderr.write(`campanile: no post ${values.post} in campaign "${values.campaign}"\n`);
    return 1;
  }
  process.stdout.write(
    result.status === 'unchanged'
      ? `${outcome.post}: already ${label}\n`
      : `${outcome.post}: ${result.previousLabel} (${result.previousScore.toFixed(2)}) → ${label}; the next snapshot reflects it\n`,
  );
  return 0;
}
