import { z } from 'zod';
import type { Campaign, ChallengeConfig } from '../config/campaigns.js';
import { changeModeration, storedModeration } from '../db/moderation.js';
import { challengeId } from '../jobs/publish-leaderboard.js';
import { moderationPolicy } from '../leaderboard/moderation.js';
import { adminAuthError } from './admin-auth.js';
import { queryErrorReply } from './query.js';
import { json, route, type Route, type ServerDeps } from './server.js';

const postRef = z
  .string()
  .regex(/^[a-z]+:.+$/, 'expected "platform:externalId", such as "mastodon:109…"')
  .transform((ref) => ({ platform: ref.slice(0, ref.indexOf(':')), externalId: ref.slice(ref.indexOf(':') + 1) }));

const changeSchema = z.strictObject({
  hide: z.array(postRef).max(500).optional(),
  show: z.array(postRef).max(500).optional().describe('shows again a post hidden here or in the YAML'),
  negativeTopPosts: z.boolean().nullable().optional().describe('null: back to the YAML setting'),
});

/** The campaign whose challenge has this id, or null. */
export function campaignOfChallenge(campaigns: readonly Campaign[], id: string): (Campaign & { challenge: ChallengeConfig }) | null {
  for (const c of campaigns) if (c.challenge && challengeId({ ...c, challenge: c.challenge }) === id) return { ...c, challenge: c.challenge };
  return null;
}

/**
 * GET|POST /v1/admin/challenges/:id/moderation (bearer token): which posts the page and the
 * screen may show as top posts. POST `{ hide?: ["platform:id"], show?: [...], negativeTopPosts?:
 * true|false|null }` applies at once to the leaderboard endpoint (the stored snapshot is filtered
 * as it is served); a post shown again returns with the next snapshot.
 */
export function moderationRoutes(deps: ServerDeps): Route[] {
  return [
    route(
      '/v1/admin/challenges/:id/moderation',
      async ({ method, params, headers, body }) => {
        const denied = adminAuthError(deps.adminToken, headers);
        if (denied) return denied;
        const campaign = campaignOfChallenge(deps.campaigns, params.id ?? '');
        if (!campaign) return json(404, { error: 'unknown challenge', challenge: params.id });
        if (method === 'POST') {
          let input: unknown;
          try {
            input = JSON.parse(body);
          } catch {
            return json(400, { error: 'the body must be JSON' });
          }
          const change = changeSchema.safeParse(input);
          if (!change.success) return queryErrorReply(change.error, 'body');
          await changeModeration(deps.db, campaign.id, change.data, deps.now());
        }
        const policy = moderationPolicy(campaign.challenge.moderation, await storedModeration(deps.db, campaign.id));
        return json(200, { challenge: params.id, hiddenPosts: [...policy.hidden].sort(), negativeTopPosts: policy.negativeTopPosts });
      },
      ['POST'],
    ),
  ];
}
