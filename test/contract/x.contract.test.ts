import { expect } from 'vitest';
import { classifyXError } from '../../src/connectors/x/errors.js';
import { normalizeXTweet, xPageItems } from '../../src/connectors/x/normalize.js';
import { xSearchPageSchema } from '../../src/connectors/x/schema.js';
import { contractSuite } from '../helpers/contract.js';
import type { RecordedFixture } from '../helpers/platform-fixtures.js';

const now = new Date('2026-06-10T12:00:00Z');

/** A single-tweet lookup has `data` as an object; search pages have an array. */
function page(f: RecordedFixture) {
  const body = f.body as Record<string, unknown>;
  return xSearchPageSchema.parse(Array.isArray(body.data) || !body.data ? body : { ...body, data: [body.data] });
}

contractSuite({
  platform: 'x',
  classify: (status, f) => classifyXError({ status, headers: new Headers(), text: f.raw }, now),
  posts: (f) => xPageItems(page(f)).map(normalizeXTweet),
  hasNextPage: (f) => Boolean(page(f).meta?.next_token),
  checkPosts(f, results) {
    const tweets = page(f).data as Array<{ id: string }>;
    for (const [i, r] of results.entries()) if (r.kind === 'post') expect(r.post.externalId).toBe(tweets[i]?.id);
  },
  rejects: (f) => !xSearchPageSchema.safeParse(f.body).success,
});
