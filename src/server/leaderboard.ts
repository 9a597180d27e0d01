import { z } from 'zod';
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
 * body is read and serialised once per new snapshot (per process). `scoring` names the other
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

    let etag = entry.etag;
    let body = entry.body;
    const scoring = query.data.scoring;
    const official = entry.document.rules as { perCapita?: unknown } | undefined;
    if (scoring && official?.perCapita !== (scoring === 'perCapita')) {
      etag = entry.etag.replace(/"$/, `-${scoring}"`);
      if (!matches(headers['if-none-match'], etag)) body = rescoredBody(entry.document, scoring === 'perCapita');
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
function rescoredBody(document: Record<string, unknown>, perCapita: boolean): string {
  const snapshot = snapshotSchema.parse(document);
  const originals = new Map(
    ((document.standings ?? []) as Array<Record<string, unknown> & { locality: { id: string } }>).map((s) => [s.locality.id, s]),
  );
  const standings = rescoreSnapshot(snapshot, perCapita).map((s) => ({ ...originals.get(s.locality.id), ...s }));
  return JSON.stringify({
    ...document,
    rules: { ...(document.rules as object), perCapita },
    standings,
    view: { scoring: perCapita ? 'perCapita' : 'raw', official: false },
  });
}

/** RFC 9110 If-None-Match: a list of (possibly weak) tags, or `*`. */
export function matches(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const tags = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim().replace(/^W\//, ''));
  return tags.includes('*') || tags.includes(etag);
}
