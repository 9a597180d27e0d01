import { expect } from 'vitest';
import type { NormalizeResult } from '../../src/connectors/types.js';
import type { HttpErrorKind } from '../../src/http/errors.js';

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
  if (result.kind !== 'post') throw new Error(`expected a post, got ${result.kind}: ${'reason' in result ? result.reason : result.why}`);
  const { post } = result;
  expect(post.externalId).toMatch(/\S/);
  expect(post.authorId).toMatch(/\S/);
  expect(post.authorHandle).toMatch(/\S/);
  expect(Number.isNaN(post.createdAt.getTime())).toBe(false);
  expect(post.createdAt.getUTCFullYear()).toBeGreaterThan(2005);
  for (const n of [post.engagement.likes, post.engagement.reposts, post.engagement.replies, post.engagement.quotes]) {
    expect(Number.isInteger(n) && n >= 0).toBe(true);
  }
}
