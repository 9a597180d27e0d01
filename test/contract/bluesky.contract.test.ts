import { describe, expect, it } from 'vitest';
import { classifyBlueskyError } from '../../src/connectors/bluesky/errors.js';
import { normalizeBlueskyPost } from '../../src/connectors/bluesky/normalize.js';
import { searchPostsSchema } from '../../src/connectors/bluesky/schema.js';
import { announceContract, expectRecordedErrorMapped, expectCountablePost, expectedKind, statusOfErrorFile } from '../helpers/contract.js';
import { recordedFixtures } from '../helpers/platform-fixtures.js';

const available = announceContract('bluesky');
const files = recordedFixtures('bluesky');
const now = new Date('2026-06-10T12:00:00Z');

describe.skipIf(!available)('bluesky connector against recorded responses', () => {
  it('finds recorded responses', () => expect(files.length).toBeGreaterThan(0));

  for (const f of files) {
    const status = statusOfErrorFile(f.file);
    const body = f.body as Record<string, unknown> | null;
    if (status !== undefined) {
      it(`${f.file}: maps to a ${expectedKind(status)} error that says what happened`, () => {
        expectRecordedErrorMapped(status, f.raw, (r) => classifyBlueskyError(r, now, 'search'));
      });
    } else if (body && Array.isArray(body.posts)) {
      it(`${f.file}: a search page whose posts all normalize with ids, authors, times and counts`, () => {
        const page = searchPostsSchema.parse(body);
        for (const item of page.posts) expectCountablePost(normalizeBlueskyPost(item));
        const ids = page.posts.map((p) => (p as { uri: string }).uri);
        expect(new Set(ids).size).toBe(ids.length);
      });
    } else if (body && typeof body.thread === 'object' && body.thread && 'post' in body.thread) {
      it(`${f.file}: the thread's PostView normalizes like a search result`, () => {
        expectCountablePost(normalizeBlueskyPost((body.thread as { post: unknown }).post));
      });
    } else {
      it(`${f.file}: not a search page (a stream frame, a record, a page of another API): the poller's schema rejects it`, () => {
        expect(searchPostsSchema.safeParse(f.body).success).toBe(false);
      });
    }
  }
});
