import { describe, expect, it } from 'vitest';
import { classifyXError } from '../../src/connectors/x/errors.js';
import { normalizeXTweet, xPageItems } from '../../src/connectors/x/normalize.js';
import { xSearchPageSchema } from '../../src/connectors/x/schema.js';
import { announceContract, expectRecordedErrorMapped, expectCountablePost, expectedKind, statusOfErrorFile } from '../helpers/contract.js';
import { recordedFixtures } from '../helpers/platform-fixtures.js';

const available = announceContract('x');
const files = recordedFixtures('x');
const now = new Date('2026-06-10T12:00:00Z');

describe.skipIf(!available)('x connector against recorded responses', () => {
  it('finds recorded responses', () => expect(files.length).toBeGreaterThan(0));

  for (const f of files) {
    const status = statusOfErrorFile(f.file);
    const body = f.body as Record<string, unknown> | null;
    if (status !== undefined) {
      it(`${f.file}: maps to a ${expectedKind(status)} error that says what happened`, () => {
        expectRecordedErrorMapped(status, f.raw, (r) => classifyXError(r, now));
      });
    } else if (body && ('data' in body || 'meta' in body)) {
      it(`${f.file}: every tweet with the requested fields normalizes with id, author, time and counts`, () => {
        // A single-tweet lookup has `data` as an object; search pages have an array.
        const page = xSearchPageSchema.parse(Array.isArray(body.data) || !body.data ? body : { ...body, data: [body.data] });
        const results = xPageItems(page).map(normalizeXTweet);
        expect(results).toHaveLength(page.data.length);
        for (const [i, r] of results.entries()) {
          const tweet = page.data[i] as { author_id?: string; created_at?: string; referenced_tweets?: Array<{ type: string }> };
          if (tweet.author_id === undefined || tweet.created_at === undefined) {
            // Default fields only (no tweet.fields requested): quarantined, never half a post.
            expect(r).toMatchObject({ kind: 'invalid', reason: expect.stringMatching(/author_id|created_at/) });
          } else if (tweet.referenced_tweets?.some((t) => t.type === 'retweeted')) {
            expect(r).toEqual({ kind: 'skip', why: 'retweet' });
          } else {
            expectCountablePost(r);
            if (r.kind === 'post') expect(r.post.externalId).toBe((page.data[i] as { id: string }).id);
          }
        }
      });
    } else {
      it(`${f.file}: not a search page (a stream frame, a record, a page of another API): the poller's schema rejects it`, () => {
        expect(xSearchPageSchema.safeParse(f.body).success).toBe(false);
      });
    }
  }
});
