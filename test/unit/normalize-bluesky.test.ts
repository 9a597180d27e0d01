import { describe, expect, it } from 'vitest';
import { normalizeBlueskyPost, parseAtTime } from '../../src/connectors/bluesky/normalize.js';
import { fixture } from '../helpers/connector.js';

const page1 = fixture<{ posts: unknown[] }>('bluesky', 'search-page1.json');
const page2 = fixture<{ posts: unknown[] }>('bluesky', 'search-page2-last.json');
const post = (item: unknown) => {
  const r = normalizeBlueskyPost(item);
  if (r.kind !== 'post') throw new Error(`expected a post: ${JSON.stringify(r)}`);
  return r.post;
};

describe('normalizeBlueskyPost', () => {
  it('keeps the at:// uri as the id and builds the bsky.app link from handle and rkey', () => {
    const p = post(page1.posts[0]);
    expect(p).toMatchObject({
      platform: 'bluesky',
      externalId: 'at://did:plc:genovese1/app.bsky.feed.post/3mgen00000001',
      url: 'https://bsky.app/profile/zena.bsky.social/post/3mgen00000001',
      authorId: 'did:plc:genovese1',
      authorHandle: 'zena.bsky.social',
      authorName: 'Zena ❤️',
      lang: 'it',
      engagement: { likes: 42, reposts: 3, replies: 2, quotes: 1, views: null },
    });
  });

  it('folds facet tags (author casing) and finds bare #tags in text without a facet', () => {
    expect(post(page1.posts[0]).hashtags).toEqual(['orgoglioliguria', 'genova']);
    // No facets at all (a bot-style post): the tag is still found in the text.
    expect(post(page1.posts[1]).hashtags).toEqual(['orgoglioliguria']);
    // Hidden record.tags count too.
    expect(post(page2.posts[0]).hashtags).toEqual(['meteo', 'orgoglioliguria']);
  });

  it('reads client timestamps with micro-seconds, +00:00 or no zone, and never dates a post after it was indexed', () => {
    expect(post(page1.posts[0]).createdAt.toISOString()).toBe('2026-06-10T18:40:00.123Z');
    expect(post(page1.posts[1]).createdAt.toISOString()).toBe('2026-06-10T18:30:00.000Z');
    expect(post(page2.posts[0]).createdAt.toISOString()).toBe('2026-06-10T18:20:00.000Z');
    // createdAt 19:15 from a skewed clock, indexed at 18:15: the index time wins.
    expect(post(page2.posts[1]).createdAt.toISOString()).toBe('2026-06-10T18:15:00.000Z');
    expect(parseAtTime('not a date')).toBeNull();
  });

  it('takes the first of several languages and null when none is declared', () => {
    expect(post(page2.posts[0]).lang).toBe('it');
    expect(post(page1.posts[1]).lang).toBeNull();
  });

  it('reports a malformed item with the field at fault', () => {
    const r = normalizeBlueskyPost({ ...(page1.posts[0] as object), uri: 'https://bsky.app/x' });
    expect(r).toEqual({ kind: 'invalid', reason: expect.stringMatching(/^bluesky post: uri: expected at:\/\//) });
  });
});
