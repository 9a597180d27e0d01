import { z } from 'zod';
import { formatZodIssues } from './errors.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a postgres:// or postgresql:// URL')
    .optional(),
  CAMPANILE_DATA_DIR: z.string().min(1).default('./data'),
  CAMPANILE_CONFIG: z.string().min(1).default('config/campaigns.example.yaml'),
  CAMPANILE_OUT_DIR: z.string().min(1).default('./out'),
  CAMPANILE_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  CAMPANILE_SHUTDOWN_GRACE_MS: z.coerce.number().int().positive().default(10_000),
  /** A job's lease without renewal: how long a replica that died blocks its jobs. */
  CAMPANILE_LEASE_MS: z.coerce.number().int().min(1000).default(30_000),
  /** Threads that analyse fetched posts beside the main thread (analysis/pool.ts); 0: on the main thread. */
  CAMPANILE_ANALYSIS_THREADS: z.coerce.number().int().min(0).max(16).default(0),
  /** Months of raw posts to keep (whole monthly partitions are dropped); unset keeps everything. */
  CAMPANILE_RETENTION_MONTHS: z.coerce.number().int().min(1).optional(),
  /**
   * A bearer token the operator sets for the admin endpoints: moderation (unset: disabled) and the
   * local admin API (besides the worker's own token from its lock file).
   */
  CAMPANILE_ADMIN_TOKEN: z.string().min(16, 'use a token of at least 16 characters').optional(),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  /** auto: human-readable lines on a terminal, JSON lines otherwise (always on stderr). */
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {
  override name = 'EnvError';
}

/** Reads the process environment once, failing with every bad variable named. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvError(`invalid environment:\n${formatZodIssues(parsed.error.issues, 'env ')}`);
  }
  return parsed.data;
}
