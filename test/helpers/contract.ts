import { expect } from 'vitest';
import type { NormalizeResult } from '../../src/connectors/types.js';
import { HttpError, kindForStatus, type HttpErrorKind } from '../../src/http/errors.js';
import { PLATFORM_FIXTURES, platformFixturesAvailable } from './platform-fixtures.js';

/** Says out loud that a contract suite is skipped, and why. */
export function announceContract(platform: string): boolean {
  const available = platformFixturesAvailable(platform);
  if (!available) {
    console.warn(`${platform} contract suite skipped: no recorded responses in ${PLATFORM_FIXTURES}/${platform} (set PLATFORM_FIXTURES to the folder)`);
  }
  return available;
}

/** Throttles and spent budgets, by file name (BUC: Meta's business-use-case throttle). */
const LIMIT = /limit|quota|rate|buc|throttl|too_many|_429_/i;

/** What a recorded error body must become, read from its file name: limits and 5xx wait, the rest needs a person. */
export function expectedErrorKind(file: string): 'transient' | 'permanent' {
  return LIMIT.test(file) || /_5\d\d_|internal/i.test(file) ? 'transient' : 'permanent';
}

export function expectErrorClass(err: HttpError | undefined, file: string): void {
  expect(err, `${file} should map to an HttpError`).toBeDefined();
  const kind = expectedErrorKind(file);
  expect(err?.kind, file).toBe(kind);
  if (kind === 'transient' && LIMIT.test(file)) expect(err?.retryAfterMs, `${file} should say how long to wait`).toBeGreaterThan(0);
  if (err?.reason === 'unauthorized' || err?.reason === 'forbidden') expect(err.message, `${file} should say what to fix`).toMatch(/set |check |enable|needs/);
}

/** A success item must become a post with an id, an author, a time and counts. */
export function expectCompletePost(result: NormalizeResult, where: string) {
  expect(result.kind, `${where}: ${result.kind === 'invalid' ? result.reason : ''}`).toBe('post');
  if (result.kind !== 'post') throw new Error('unreachable');
  const p = result.post;
  expect(p.externalId, where).toMatch(/\S/);
  expect(p.authorId, where).toMatch(/\S/);
  expect(p.authorHandle, where).toMatch(/\S/);
  expect(Number.isNaN(p.createdAt.getTime()), `${where}: createdAt`).toBe(false);
  for (const n of [p.engagement.likes, p.engagement.reposts, p.engagement.replies, p.engagement.quotes]) {
    expect(Number.isInteger(n) && n >= 0, `${where}: counts`).toBe(true);
  }
  return p;
}

/** `error_429_...json` → 429; undefined for files that are not error bodies. */
export function statusOfErrorFile(file: string): number | undefined {
  const m = /^error_(\d{3})_/.exec(file);
  return m ? Number(m[1]) : undefined;
}

/** What an error status must become: wait and retry (429, 5xx) or a person must act (other 4xx). */
export function expectedKind(status: number): HttpErrorKind {
  return status === 429 || status === 408 || status >= 500 ? 'transient' : 'permanent';
}

/** A normalized post a campaign can count: an id, an author, a real time and counts. */
export function expectCountablePost(result: NormalizeResult): void {
  const post = expectCompletePost(result, 'item');
  expect(post.createdAt.getUTCFullYear()).toBeGreaterThan(2005);
}

/** What a connector's classifier reads of an error response. */
type ErrorResponse = { status: number; headers: Headers; text: string };

/**
 * A recorded error body must become an error of the right kind that names its status: through the
 * connector's classifier, or the HTTP client's default by status (5xx) when it has no opinion.
 */
export function expectRecordedErrorMapped(status: number, raw: string, classify: (response: ErrorResponse) => HttpError | undefined): void {
  // Only 5xx may fall back to the client's default: a 4xx the classifier ignores is a gap.
  const err = classify({ status, headers: new Headers(), text: raw }) ?? (status >= 500 ? new HttpError(kindForStatus(status), `HTTP ${status}`) : undefined);
  expect(err?.kind).toBe(expectedKind(status));
  expect(err?.message).toContain(String(status));
}
