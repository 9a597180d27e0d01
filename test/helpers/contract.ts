import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { NormalizeResult } from '../../src/connectors/types.js';
import type { HttpError } from '../../src/http/errors.js';
import { recordedFixtures, type RecordedFixture } from './platform-fixtures.js';
import { has } from './requirements.js';

/**
 * What the connector must make of one recorded response, written down beside the suite
 * (test/contract/manifests/<platform>.json) instead of guessed from the file's name:
 * - error: the HTTP status it came with, the kind of HttpError, its reason and wait (when the platform says);
 * - posts: the items the poller reads from it, counted by what they normalize to;
 * - lookup: the answer to a lookup the connector makes before polling (an id for a hashtag);
 * - request: a recorded request body that ours must match;
 * - other: a response the poller never reads (a stream frame, another endpoint), with why; its schema must refuse it.
 */
const manifestEntrySchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('error'),
    status: z.number().int().min(400).max(599),
    error: z.enum(['transient', 'permanent']),
    reason: z.string().optional(),
    retryAfterMs: z.number().int().positive().optional(),
  }),
  z.strictObject({
    kind: z.literal('posts'),
    posts: z.number().int().min(0),
    skipped: z.number().int().min(0),
    invalid: z.number().int().min(0),
    lastPage: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('lookup') }),
  z.strictObject({ kind: z.literal('request') }),
  z.strictObject({ kind: z.literal('other'), why: z.string().min(1) }),
]);
export type ManifestEntry = z.infer<typeof manifestEntrySchema>;
const manifestSchema = z.record(z.string(), manifestEntrySchema);

export function readManifest(platform: string): Record<string, ManifestEntry> {
  const file = join(import.meta.dirname, '..', 'contract', 'manifests', `${platform}.json`);
  if (!existsSync(file)) return {};
  return manifestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

export interface ContractSpec {
  platform: string;
  /** The connector's classifier for an error response with this status. */
  classify(status: number, fixture: RecordedFixture): HttpError | undefined;
  /** The items the poller reads from the response, normalized; throws when the poller's schema refuses it. */
  posts(fixture: RecordedFixture): NormalizeResult[];
  /** Whether the response says there is a next page. */
  hasNextPage?(fixture: RecordedFixture): boolean;
  /** Platform checks of a page beyond the counts (ids as written, engagement read from the right fields). */
  checkPosts?(fixture: RecordedFixture, results: NormalizeResult[]): void;
  /** True when every schema the poller reads with refuses the response. */
  rejects(fixture: RecordedFixture): boolean;
  /** Reads the answer to a lookup the connector makes before polling. */
  lookup?(fixture: RecordedFixture): void;
  /** Checks a recorded request body against ours. */
  request?(fixture: RecordedFixture): void;
}

/** One test per recorded response, its expectation read from the manifest; an unlisted file fails. */
export function contractSuite(spec: ContractSpec): void {
  describe.skipIf(!has('platformFixtures'))(`${spec.platform} connector against recorded responses`, () => {
    const files = recordedFixtures(spec.platform);
    const manifest = readManifest(spec.platform);

    it('finds recorded responses, and every manifest entry names one', () => {
      expect(files.length).toBeGreaterThan(0);
      const present = new Set(files.map((f) => f.file));
      expect(Object.keys(manifest).filter((f) => !present.has(f))).toEqual([]);
    });

    for (const fixture of files) {
      const entry = manifest[fixture.file];
      if (entry === undefined) {
        it(`${fixture.file}: has an entry in test/contract/manifests/${spec.platform}.json`, () => {
          expect.fail(`${fixture.file} is not in the manifest: add what the connector must make of it (kind error, posts, lookup, request or other)`);
        });
        continue;
      }
      it(`${fixture.file}: ${describeEntry(entry)}`, () => checkEntry(spec, fixture, entry));
    }
  });
}

function describeEntry(entry: ManifestEntry): string {
  switch (entry.kind) {
    case 'error':
      return `HTTP ${entry.status} is a ${entry.error} error${entry.reason ? ` (${entry.reason})` : ''}${entry.retryAfterMs ? ` that waits ${entry.retryAfterMs} ms` : ''}`;
    case 'posts':
      return `${entry.posts} post(s), ${entry.skipped} skipped, ${entry.invalid} quarantined${entry.lastPage ? ', last page' : ''}`;
    case 'lookup':
      return 'the answer to a lookup the connector makes';
    case 'request':
      return 'a request body shaped like ours';
    case 'other':
      return `not read by the poller (${entry.why}): its schema refuses it`;
  }
}

function checkEntry(spec: ContractSpec, fixture: RecordedFixture, entry: ManifestEntry): void {
  switch (entry.kind) {
    case 'error': {
      const err = spec.classify(entry.status, fixture);
      expect(err, 'the classifier must map it to an HttpError').toBeDefined();
      expect(err?.kind).toBe(entry.error);
      expect(err?.reason).toBe(entry.reason);
      expect(err?.retryAfterMs).toBe(entry.retryAfterMs);
      // A person must act on a credentials or permission error: the message says more than the status.
      if (/unauthorized|forbidden/.test(err?.reason ?? '')) expect(err?.message.length, err?.message).toBeGreaterThan(40);
      return;
    }
    case 'posts': {
      const results = spec.posts(fixture);
      for (const r of results) if (r.kind === 'post') expectCountablePost(r);
      const count = (kind: NormalizeResult['kind']) => results.filter((r) => r.kind === kind).length;
      expect({ posts: count('post'), skipped: count('skip'), invalid: count('invalid') }).toEqual({
        posts: entry.posts,
        skipped: entry.skipped,
        invalid: entry.invalid,
      });
      if (entry.lastPage !== undefined && spec.hasNextPage) expect(spec.hasNextPage(fixture), 'the walk stops on the last page').toBe(!entry.lastPage);
      spec.checkPosts?.(fixture, results);
      return;
    }
    case 'lookup':
      expect(spec.lookup, 'this platform has no lookups').toBeDefined();
      spec.lookup?.(fixture);
      return;
    case 'request':
      expect(spec.request, 'this platform has no recorded requests').toBeDefined();
      spec.request?.(fixture);
      return;
    case 'other':
      expect(spec.rejects(fixture)).toBe(true);
      return;
  }
}

/** A success item must become a post with an id, an author, a real time and counts. */
export function expectCountablePost(result: NormalizeResult) {
  expect(result.kind, result.kind === 'invalid' ? result.reason : '').toBe('post');
  if (result.kind !== 'post') throw new Error('unreachable');
  const p = result.post;
  expect(p.externalId).toMatch(/\S/);
  expect(p.authorId).toMatch(/\S/);
  expect(p.authorHandle).toMatch(/\S/);
  expect(p.createdAt.getUTCFullYear()).toBeGreaterThan(2005);
  for (const n of [p.engagement.likes, p.engagement.reposts, p.engagement.replies, p.engagement.quotes]) {
    expect(Number.isInteger(n) && n >= 0, 'counts').toBe(true);
  }
  return p;
}
