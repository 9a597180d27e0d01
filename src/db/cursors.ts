import { eq, sql } from 'drizzle-orm';
import type { Executor } from './client.js';
import { sourceCursors } from './schema.js';

export type SourceState = typeof sourceCursors.$inferSelect;

export async function getSourceState(db: Executor, sourceKey: string): Promise<SourceState | undefined> {
  const rows = await db.select().from(sourceCursors).where(eq(sourceCursors.sourceKey, sourceKey));
  return rows[0];
}

export async function listSourceStates(db: Executor): Promise<SourceState[]> {
  return db.select().from(sourceCursors).orderBy(sourceCursors.sourceKey);
}

export async function markSourceSuccess(db: Executor, sourceKey: string, at: Date, pausedUntil: Date | null = null) {
  await db
    .insert(sourceCursors)
    .values({ sourceKey, lastSuccessAt: at, consecutiveFailures: 0, pausedUntil, updatedAt: at })
    .onConflictDoUpdate({
      target: sourceCursors.sourceKey,
      set: { lastSuccessAt: at, consecutiveFailures: 0, pausedUntil, updatedAt: at },
    });
}

export async function markSourceFailure(db: Executor, sourceKey: string, at: Date, error: string, pausedUntil: Date | null) {
  await db
    .insert(sourceCursors)
    .values({ sourceKey, lastErrorAt: at, lastError: error, consecutiveFailures: 1, pausedUntil, updatedAt: at })
    .onConflictDoUpdate({
      target: sourceCursors.sourceKey,
      set: {
        lastErrorAt: at,
        lastError: error,
        consecutiveFailures: sql`${sourceCursors.consecutiveFailures} + 1`,
        pausedUntil,
        updatedAt: at,
      },
    });
}
