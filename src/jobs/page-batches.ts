import type { Db, Tx } from '../db/client.js';
import type { IngestPage } from '../db/ingest.js';
import { ingestPageOrQuarantine, type CheckedIngestResult } from '../db/ingest-rejects.js';
import type { Match } from '../domain/types.js';

/**
 * Pages are written in batches of up to MAX_BATCH_POSTS posts, one transaction a batch: a
 * transaction costs a few round trips and a commit whatever its size, so a 40-post Mastodon page
 * alone pays ~20× more per post than a batch of 1,000 (bench/ingest.ts). At most one batch is
 * being written while the next pages are fetched, normalized and analyzed, so the database and
 * the CPU-bound analysis overlap; memory stays bounded at about two batches.
 *
 * Guarantees are the page-at-a-time ones: the cursor stored with a batch is its last page's, and
 * when a batch fails it is written again one page at a time, so every page before the failing
 * one is stored and the cursor stops right before it. A row the database refuses does not fail
 * its batch: it is quarantined and the rest is stored (db/ingest-rejects.ts).
 */
export const MAX_BATCH_POSTS = 1_000;

export type PreparedPage = Omit<IngestPage, 'afterWrite' | 'counting'>;

export interface BatchWriterOptions {
  db: Db;
  counting: IngestPage['counting'];
  afterWrite?: (tx: Tx, written: { newMatches: Match[] }) => Promise<void>;
  /** Called after each committed transaction with its result and how many pages it held. */
  onWritten: (result: CheckedIngestResult, pages: number) => void;
  /** Wraps each transaction (batch latency metric). */
  time?: () => () => void;
  maxPosts?: number;
}

export interface BatchWriter {
  /** Queues a page; starts writing the batch once it is full. Throws a failed batch's error. */
  add(page: PreparedPage): Promise<void>;
  /** Writes what is queued and waits for every write. */
  drain(): Promise<void>;
}

export function createBatchWriter(options: BatchWriterOptions): BatchWriter {
  const maxPosts = options.maxPosts ?? MAX_BATCH_POSTS;
  let queued: PreparedPage[] = [];
  let queuedPosts = 0;
  let writing: Promise<void> = Promise.resolve();
  let failure: { error: unknown } | null = null;

  const write = async (pages: PreparedPage[]) => {
    const done = options.time?.();
    try {
      options.onWritten(await ingestPageOrQuarantine(options.db, merge(pages, options)), pages.length);
    } catch (err) {
      if (pages.length === 1) throw err;
      // One page at a time: every page before the failing one is stored.
      for (const page of pages) options.onWritten(await ingestPageOrQuarantine(options.db, merge([page], options)), 1);
    } finally {
      done?.();
    }
  };

  const startBatch = async () => {
    const pages = queued;
    queued = [];
    queuedPosts = 0;
    await writing;
    throwIfFailed();
    writing = write(pages).catch((error: unknown) => {
      failure = { error };
    });
  };

  const throwIfFailed = () => {
    if (failure) throw failure.error;
  };

  return {
    async add(page) {
      throwIfFailed();
      queued.push(page);
      queuedPosts += page.posts.length + page.quarantined.length;
      if (queuedPosts >= maxPosts) await startBatch();
    },
    async drain() {
      if (queued.length > 0) await startBatch();
      await writing;
      throwIfFailed();
    },
  };
}

/** Consecutive pages of one source as one ingest: the last page's cursor and budget. */
function merge(pages: readonly PreparedPage[], options: BatchWriterOptions): IngestPage {
  const first = pages[0] as PreparedPage;
  if (pages.length === 1) return { ...first, counting: options.counting, afterWrite: options.afterWrite };
  const cursor = pages.reduce<PreparedPage['cursor']>((c, p) => (p.cursor !== undefined ? p.cursor : c), undefined);
  const budget = pages.reduce<unknown>((b, p) => (p.budget !== undefined ? p.budget : b), undefined);
  return {
    sourceKey: first.sourceKey,
    platform: first.platform,
    posts: pages.flatMap((p) => p.posts),
    matches: pages.flatMap((p) => p.matches),
    quarantined: pages.flatMap((p) => p.quarantined),
    cursor,
    budget,
    counting: options.counting,
    afterWrite: options.afterWrite,
  };
}
