import { createHash } from 'node:crypto';
import { z } from 'zod';
import { storedModeration } from '../db/moderation.js';
import { moderateTopPosts, moderationPolicy, type ModerationPolicy } from '../leaderboard/moderation.js';
import { campaignOfChallenge } from './moderation.js';
import { latestSnapshotDocument, latestSnapshotEtag } from '../db/snapshots.js';
import { rescoreSnapshot } from '../leaderboard/rescore.js';
import { snapshotSchema } from '../leaderboard/snapshot.js';
import { json, route, type Reply, type Route, type ServerDeps } from './server.js';
import { queryErrorReply } from './query.js';

const querySchema = z.object({
  /** Omitted: the challenge's official scoring, the stored snapshot byte for byte. */
  scoring: z.enum(['raw', 'perCapita']).optional(),
});

interface Cached {
  etag: string;
  body: string;
  document: Record<string, unknown>;
}

/**
 * GET /v1/challenges/:id/leaderboard[.json][?scoring=raw|perCapita]
 *
 * The latest stored snapshot as published (fields added by newer writers included), with its
 * ETag; If-None-Match answers 304. Each request costs one index read of the latest ETag; the
 * body is read and serialised once per new snapshot (per process), plus one small read of the
 * admin's moderation (applied to the top posts at once, see moderation.ts). `scoring` names the other
 * scoring for the page's toggle: the same snapshot re-scored on the server (see rescore.ts),
 * marked `view.official: false`, with an ETag of its own.
 */
export function leaderboardRoutes(deps: ServerDeps): Route[] {
  const cache = new Map<string, Cached>();

  async function load(id: string): Promise<Cached | null> {
    const etag = await latestSnapshotEtag(deps.db, id);
    if (etag === null) return null;
    const hit = cache.get(id);
    if (hit?.etag === etag) return hit;
    const doc = await latestSnapshotDocument(deps.db, id);
    if (!doc) return null;
    const entry = { etag: doc.etag, body: JSON.stringify(doc.body), document: doc.body as Record<string, unknown> };
    cache.set(id, entry);
    return entry;
  }

  const handle: Route['handle'] = async ({ params, url, headers }) => {
    const id = params.id ?? '';
    const query = querySchema.safeParse(Object.fromEntries(url.searchParams));
    if (!query.success) return queryErrorReply(query.error);
    const entry = await load(id);
    if (!entry) return json(404, { error: 'no snapshot for this challenge yet', challenge: id });

    // What an admin moderated since the snapshot was written applies at once; its version is in the ETag.
    const campaign = campaignOfChallenge(deps.campaigns, id);
    const stored = campaign ? await storedModeration(deps.db, campaign.id) : null;
    const moderated = Boolean(stored?.version);
    const scoring = query.data.scoring;
    const official = entry.document.rules as { perCapita?: unknown } | undefined;
    const rescored = scoring !== undefined && official?.perCapita !== (scoring === 'perCapita');
    const suffix = [moderated ? `m${shortHash(stored?.version ?? '')}` : '', rescored ? scoring : ''].filter(Boolean).join('-');
    const etag = suffix ? entry.etag.replace(/"$/, `-${suffix}"`) : entry.etag;
    let body = entry.body;
    if (suffix && !matches(headers['if-none-match'], etag)) {
      let document = entry.document;
      if (moderated) document = moderatedDocument(document, moderationPolicy(campaign?.challenge.moderation, stored));
      body = JSON.stringify(rescored ? rescoredDocument(document, scoring === 'perCapita') : document);
    }
    const cacheHeaders = {
      etag,
      'cache-control': 'no-cache',
      'access-control-allow-origin': '*',
      'access-control-expose-headers': 'ETag',
    };
    if (matches(headers['if-none-match'], etag)) return { status: 304, headers: cacheHeaders };
    return { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', ...cacheHeaders }, body } satisfies Reply;
  };

  return [route('/v1/challenges/:id/leaderboard', handle), route('/v1/challenges/:id/leaderboard.json', handle)];
}

/** The stored document with standings re-scored; every other field (and extra standing fields) kept. */
function rescoredDocument(document: Record<string, unknown>, perCapita: boolean): Record<string, unknown> {
  const snapshot = snapshotSchema.parse(document);
  const originals = new Map(((document.standings ?? []) as Array<Record<string, unknown> & { locality: { id: string } }>).map((s) => [s.locality.id, s]));
  const standings = rescoreSnapshot(snapshot, perCapita).map((s) => ({ ...originals.get(s.locality.id), ...s }));
  return {
    ...document,
    rules: { ...(document.rules as object), perCapita },
    standings,
    view: { scoring: perCapita ? 'perCapita' : 'raw', official: false },
  };
}

/** The stored document with each town's top posts filtered by the current moderation policy. */
function moderatedDocument(document: Record<string, unknown>, policy: ModerationPolicy): Record<string, unknown> {
  const snapshot = snapshotSchema.parse(document);
  const shown = new Map(snapshot.standings.map((s) => [s.locality.id, moderateTopPosts(s.topPosts, policy)]));
  const standings = (document.standings as Array<Record<string, unknown> & { locality: { id: string } }>).map((s) => ({
    ...s,
    topPosts: shown.get(s.locality.id) ?? [],
  }));
  return { ...document, standings };
}

const shortHash = (value: string) => createHash('sha256').update(value).digest('base64url').slice(0, 10);

/** RFC 9110 If-None-Match: a list of (possibly weak) tags, or `*`. */
export function matches(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etag);
}
