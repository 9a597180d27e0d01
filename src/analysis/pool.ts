import { Worker } from 'node:worker_threads';
import type { Campaign } from '../config/campaigns.js';
import type { Match, NormalizedPost } from '../domain/types.js';
import type { AnalysisRequest } from './pool-worker.js';
import { threadEntry } from '../threads.js';

/**
 * Analysis (analyzePost: attribution, sentiment, text hash) on worker threads, so that a poll's
 * CPU-bound analysis runs beside the main thread's parsing and database round trips instead of
 * between them. Same results as analyzePost on the main thread: each thread prepares the campaign
 * with prepareCampaign and calls analyzePost.
 *
 * Idle threads never keep the process alive (unref'd; a thread with a batch holds it until it
 * answers): SIGINT/SIGTERM end the process as before, and close() ends them at shutdown. A thread that dies fails its pending
 * batches and is replaced on the next one.
 */
export interface AnalysisPool {
  readonly size: number;
  /** One result per post, in order: its match with the campaign, or null. */
  analyze(campaign: Campaign, posts: readonly NormalizedPost[]): Promise<(Match | null)[]>;
  close(): Promise<void>;
}

interface Slot {
  worker: Worker;
  pending: Map<number, { resolve: (matches: (Match | null)[]) => void; reject: (err: Error) => void }>;
}

export function createAnalysisPool(size: number): AnalysisPool {
  if (!Number.isInteger(size) || size < 1) throw new Error(`analysis pool: size must be a positive whole number, got ${size}`);
  const script = threadEntry(new URL('./pool-worker.js', import.meta.url));
  const slots: (Slot | null)[] = Array.from({ length: size }, () => null);
  let nextId = 0;
  let closed = false;

  const start = (index: number): Slot => {
    const worker = new Worker(script.url, script.options);
    const slot: Slot = { worker, pending: new Map() };
    const failAll = (err: Error) => {
      if (slots[index] === slot) slots[index] = null;
      for (const p of slot.pending.values()) p.reject(err);
      slot.pending.clear();
    };
    worker.on('message', (reply: { id: number; matches?: (Match | null)[]; error?: string }) => {
      const p = slot.pending.get(reply.id);
      if (!p) return;
      slot.pending.delete(reply.id);
      if (slot.pending.size === 0) worker.unref();
      if (reply.error !== undefined) p.reject(new Error(`analysis thread: ${reply.error}`));
      else p.resolve(reply.matches ?? []);
    });
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`analysis thread exited (code ${code})`)));
    // Idle threads never keep the process alive (unref'd after the listeners, which ref it).
    worker.unref();
    slots[index] = slot;
    return slot;
  };

  return {
    size,
    analyze(campaign, posts) {
      if (closed) return Promise.reject(new Error('analysis pool is closed'));
      if (posts.length === 0) return Promise.resolve([]);
      // The least busy thread.
      let index = 0;
      for (let i = 1; i < size; i++) if ((slots[i]?.pending.size ?? 0) < (slots[index]?.pending.size ?? 0)) index = i;
      const slot = slots[index] ?? start(index);
      const id = nextId++;
      return new Promise((resolve, reject) => {
        // A thread with work holds the process until it answers.
        if (slot.pending.size === 0) slot.worker.ref();
        slot.pending.set(id, { resolve, reject });
        slot.worker.postMessage({ id, campaign, posts: [...posts] } satisfies AnalysisRequest);
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s?.worker.terminate()));
    },
  };
}
