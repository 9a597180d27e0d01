import { describe, expect, it } from 'vitest';
import { normalizeRedditThing } from '../../src/connectors/reddit/normalize.js';
import { fixture } from '../helpers/connector.js';

const page1 = fixture<{ data: { children: unknown[] } }>('reddit', 'search-page1.json').data.children;
const page2 = fixture<{ data: { children: unknown[] } }>('reddit', 'search-page2-last.json').data.children;
const post = (item: unknown) => {
  const r = normalizeRedditThing(item);
  if (r.kind !== 'post') throw new Error(`expected a post: ${JSON.stringify(r)}`);
  return r.post;
};

describe('normalizeRedditThing', () => {
  it('uses the t3_ fullname as id, the float created_utc as time and the permalink as url', () => {
    expect(post(page1[0])).toMatchObject({
      platform: 'reddit',
      externalId: 't3_1l9zz01',
      url: 'https://www.reddit.com/r/liguria/comments/1l9zz01/post/',
      authorId: 'zeneize',
      authorHandle: 'u/zeneize',
      createdAt: new Date('2026-06-10T18:45:00Z'),
      lang: null,
      engagement: { likes: 41, reposts: 1, replies: 7, quotes: 0, views: null },
    });
  });

  it('reads hashtags from the title and the body, with entities decoded', () => {
    const p = post(page1[0]);
    expect(p.text).toBe('Boccadasse stasera #orgoglioliguria\n\nFoto del tramonto & due parole su #genova');
    expect(p.hashtags).toEqual(['orgoglioliguria', 'genova']);
  });

  it('skips deleted posts and things that are not links; clamps a negative score', () => {
    expect(normalizeRedditThing(page2[0])).toEqual({ kind: 'skip', why: 'deleted or removed' });
    expect(normalizeRedditThing({ kind: 't1', data: {} })).toMatchObject({ kind: 'skip' });
    expect(post(page2[1]).engagement.likes).toBe(0);
  });

  it('quarantines a link without a creation time', () => {
    const bad = { kind: 't3', data: { ...(page1[0] as { data: object }).data, created_utc: 'yesterday' } };
    expect(normalizeRedditThing(bad)).toEqual({ kind: 'invalid', reason: expect.stringContaining('created_utc') });
  });
});
