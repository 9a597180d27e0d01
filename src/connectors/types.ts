import type { SourceConfig } from '../config/campaigns.js';
import type { NormalizedPost, Platform } from '../domain/types.js';
import type { HttpClient } from '../http/client.js';
import type { Sleep } from '../http/retry.js';
import type { Logger } from '../log.js';

/** Opaque to everyone but the connector that wrote it (a max id, a timestamp, JSON...). */
export type Cursor = string;

export interface SourceQuery {
  campaignId: string;
  /** Folded hashtags without '#'. */
  hashtags: readonly string[];
  /** Where a source with no cursor starts: the challenge start or a backfill window. */
  since: Date;
}

export interface RateLimitState {
  limit?: number;
  remaining?: number;
  resetAt?: string;
  /** Budgets without headers (quota units, distinct hashtags, monthly caps): name → what is left. */
  budgets?: Record<string, { used: number; limit: number; resetAt?: string }>;
}

export interface Page {
  items: unknown[];
  /**
   * The cursor to store once this page's items are stored; null keeps the stored one (an empty
   * page). A connector only returns a cursor that cannot skip an unfetched post if the process
   * dies right after storing this page.
   */
  cursor: Cursor | null;
  rateLimit?: RateLimitState;
}

export type NormalizeResult = { kind: 'post'; post: NormalizedPost } | { kind: 'skip'; why: string } | { kind: 'invalid'; reason: string };

export interface Connector {
  platform: Platform;
  poll(query: SourceQuery, cursor: Cursor | null, signal: AbortSignal): AsyncIterable<Page>;
  /** Pure: one raw item → the common post shape, or why it cannot be one. */
  normalize(item: unknown): NormalizeResult;
}

export interface ConnectorDeps {
  http: HttpClient;
  log: Logger;
  now: () => Date;
  sleep: Sleep;
}

export type ConnectorFactory<S extends SourceConfig = SourceConfig> = (source: S, deps: ConnectorDeps) => Connector;
