import { createHash, randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { desc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client.js';
import { snapshots } from '../db/schema.js';
import type { HttpClient } from '../http/client.js';
import { withRetry, type RetryOptions } from '../http/retry.js';
import type { Logger } from '../log.js';
import { urlOrigin } from '../secrets.js';
import { snapshotSchema, type Snapshot } from './snapshot.js';

export function snapshotEtag(body: string): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** Writes `<dir>/<challenge>.json` atomically: readers see the old file or the new one, never half. */
export async function writeSnapshotFile(dir: string, snapshot: Snapshot): Promise<string> {
  await mkdir(dir, { recursive: true });
  const target = join(dir, `${snapshot.challenge.id}.json`);
  const temp = join(dir, `.${snapshot.challenge.id}.${randomUUID()}.tmp`);
  await writeFile(temp, `${JSON.stringify(snapshot, null, 2)}\n`, 'utf8');
  await rename(temp, target);
  return target;
}

export async function storeSnapshot(db: Executor, snapshot: Snapshot): Promise<string> {
  const etag = snapshotEtag(JSON.stringify(snapshot));
  await db.insert(snapshots).values({
    challengeId: snapshot.challenge.id,
    generatedAt: new Date(snapshot.generatedAt),
    etag,
    body: snapshot,
  });
  return etag;
}

export async function latestSnapshot(db: Executor, challengeId: string): Promise<{ snapshot: Snapshot; etag: string } | null> {
  const rows = await db
    .select()
    .from(snapshots)
    .where(eq(snapshots.challengeId, challengeId))
    .orderBy(desc(snapshots.generatedAt), desc(snapshots.id))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const parsed = snapshotSchema.safeParse(row.body);
  return parsed.success ? { snapshot: parsed.data, etag: row.etag } : null;
}

/**
 * POSTs the snapshot as JSON to the challenge's webhook, with its ETag, retrying transient
 * failures (bounded, jittered, Retry-After). A failure is logged and reported, never thrown:
 * the file and the table already hold the snapshot, and the next fire sends a fresh one.
 */
export async function postSnapshotWebhook(
  http: HttpClient,
  url: string,
  snapshot: Snapshot,
  log: Logger,
  retry: RetryOptions = {},
): Promise<{ ok: boolean; status?: number }> {
  const body = JSON.stringify(snapshot);
  try {
    const res = await withRetry(
      () => http.text(url, { method: 'POST', body, headers: { 'content-type': 'application/json', etag: snapshotEtag(body) } }),
      retry,
    );
    log.info({ challenge: snapshot.challenge.id, webhook: urlOrigin(url), status: res.status }, 'snapshot webhook sent');
    return { ok: true, status: res.status };
  } catch (err) {
    log.error({ challenge: snapshot.challenge.id, webhook: urlOrigin(url), err }, 'snapshot webhook failed');
    return { ok: false, status: (err as { status?: number }).status };
  }
}
