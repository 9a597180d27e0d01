import { desc, eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from './client.js';
import { snapshots } from './schema.js';

export interface SnapshotDocument {
  /** The stored JSON exactly as written, including fields newer writers added. */
  body: unknown;
  etag: string;
  generatedAt: Date;
}

/** The latest stored snapshot of a challenge, unparsed: the HTTP layer validates and serves it. */
export async function latestSnapshotDocument(db: Executor, challengeId: string): Promise<SnapshotDocument | null> {
  const rows = await db
    .select({ body: snapshots.body, etag: snapshots.etag, generatedAt: snapshots.generatedAt })
    .from(snapshots)
    .where(eq(snapshots.challengeId, challengeId))
    .orderBy(desc(snapshots.generatedAt), desc(snapshots.id))
    .limit(1);
  return rows[0] ?? null;
}

/** When each challenge's latest snapshot was generated (one grouped read over the index). */
export async function latestSnapshotTimes(db: Executor): Promise<Array<{ challengeId: string; generatedAt: Date }>> {
  const rows = await queryRows<{ challenge_id: string; generated_at: string | Date }>(
    db,
    sql`select challenge_id, max(generated_at) as generated_at from snapshots group by challenge_id order by challenge_id`,
  );
  return rows.map((r) => ({ challengeId: r.challenge_id, generatedAt: new Date(r.generated_at) }));
}

/** Only the ETag of the latest snapshot: lets a server answer 304 or reuse its cached body cheaply. */
export async function latestSnapshotEtag(db: Executor, challengeId: string): Promise<string | null> {
  const rows = await db
    .select({ etag: snapshots.etag })
    .from(snapshots)
    .where(eq(snapshots.challengeId, challengeId))
    .orderBy(desc(snapshots.generatedAt), desc(snapshots.id))
    .limit(1);
  return rows[0]?.etag ?? null;
}
