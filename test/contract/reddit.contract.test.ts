import { describe, expect, it } from 'vitest';
import { classifyRedditError } from '../../src/connectors/reddit/errors.js';
import { normalizeRedditThing } from '../../src/connectors/reddit/normalize.js';
import { redditListingSchema } from '../../src/connectors/reddit/schema.js';
import { announceContract, expectRecordedErrorMapped, expectCountablePost, expectedKind, statusOfErrorFile } from '../helpers/contract.js';
import { recordedFixtures } from '../helpers/platform-fixtures.js';

const available = announceContract('reddit');
const files = recordedFixtures('reddit');
const now = new Date('2026-06-10T12:00:00Z');

describe.skipIf(!available)('reddit connector against recorded responses', () => {
  it('finds recorded responses', () => expect(files.length).toBeGreaterThan(0));

  for (const f of files) {
    const status = statusOfErrorFile(f.file);
    const body = f.body as Record<string, unknown> | null;
    if (status !== undefined) {
      it(`${f.file}: maps to a ${expectedKind(status)} error that says what happened`, () => {
        expectRecordedErrorMapped(status, f.raw, (r) => classifyRedditError(r, now, 'search'));
      });
    } else if (body?.kind === 'Listing') {
      it(`${f.file}: every link normalizes with id, author, time and counts`, () => {
        const listing = redditListingSchema.parse(body);
        for (const child of listing.data.children) {
          const r = normalizeRedditThing(child);
          const data = (child as { kind: string; data: { removed_by_category?: string | null; author?: string } }).data;
          if ((child as { kind: string }).kind !== 't3' || data.removed_by_category || data.author === '[deleted]') expect(r.kind).toBe('skip');
          else expectCountablePost(r);
        }
      });
    } else {
      it(`${f.file}: not a listing (an HTML page, another endpoint): the poller's schema rejects it`, () => {
        expect(redditListingSchema.safeParse(f.body).success).toBe(false);
      });
    }
  }
});
