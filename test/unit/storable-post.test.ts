import { describe, expect, it } from 'vitest';
import { normalizeBlueskyPost } from '../../src/connectors/bluesky/normalize.js';
import { storablePost } from '../../src/connectors/storable.js';
import { fixture } from '../helpers/connector.js';

const page1 = fixture<{ posts: Array<Record<string, unknown>> }>('bluesky', 'search-page1.json');

/** A Bluesky post whose client-written record carries what the database cannot store. */
function hostileBlueskyPost() {
  const original = page1.posts[0] as { record: Record<string, unknown>; author: Record<string, unknown> };
  return {
    ...original,
    author: { ...original.author, displayName: `${'z'.repeat(199)}🌊` },
    record: {
      ...original.record,
      createdAt: '0000-01-01T00:00:00.000Z',
      langs: ['it\u0000'],
      tags: ['orgoglio\u0000liguria', '\uD800'],
      facets: [{ features: [{ $type: 'app.bsky.richtext.facet#tag', tag: 'genova\uDC00' }] }],
    },
  };
}

describe('storablePost: what a connector passes through is made storable', () => {
  it('cleans client-written Bluesky fields and ignores an impossible createdAt', () => {
    const normalized = normalizeBlueskyPost(hostileBlueskyPost());
    if (normalized.kind !== 'post') throw new Error(JSON.stringify(normalized));
    const result = storablePost(normalized.post);
    if (result.kind !== 'post') throw new Error(JSON.stringify(result));
    const p = result.post;
    expect(p.createdAt.getUTCFullYear()).toBeGreaterThanOrEqual(1970);
    for (const value of [p.lang ?? '', p.authorName ?? '', ...p.hashtags]) {
      expect(value).not.toContain('\u0000');
      expect(value.isWellFormed()).toBe(true);
    }
    expect(p.authorName?.length).toBeLessThanOrEqual(200);
  });

  it('quarantines a post whose date the database cannot store, whatever the platform', () => {
    const normalized = normalizeBlueskyPost(page1.posts[0]);
    if (normalized.kind !== 'post') throw new Error(JSON.stringify(normalized));
    expect(storablePost({ ...normalized.post, createdAt: new Date('0000-01-01T00:00:00Z') })).toEqual({
      kind: 'invalid',
      reason: 'bluesky post: createdAt: expected a date between 1970 and 9999',
    });
  });
});
