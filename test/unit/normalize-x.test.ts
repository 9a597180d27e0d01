import { describe, expect, it } from 'vitest';
import { normalizeXTweet, xBodyItems } from '../../src/connectors/x/normalize.js';
import { fixture } from '../helpers/connector.js';

const items = xBodyItems(fixture('x', 'search-page1.json'));
const post = (item: unknown) => {
  const r = normalizeXTweet(item);
  if (r.kind !== 'post') throw new Error(`expected a post: ${JSON.stringify(r)}`);
  return r.post;
};

describe('normalizeXTweet', () => {
  it('keeps snowflake ids as exact strings beyond 2^53 and joins the author from includes.users', () => {
    const p = post(items[0]);
    expect(p.externalId).toBe('2064780937786294273');
    expect(p).toMatchObject({
      platform: 'x',
      url: 'https://x.com/zena_lover/status/2064780937786294273',
      authorId: '1001',
      authorHandle: 'zena_lover',
      authorName: 'Zena Lover',
      authorLocation: 'Genova, Liguria',
      authorFollowers: 1234,
      createdAt: new Date('2026-06-10T18:45:12.000Z'),
      engagement: { likes: 50, reposts: 4, replies: 3, quotes: 1, views: 2000 },
    });
  });

  it('decodes entities in text and merges entity hashtags with text hashtags, folded', () => {
    const p = post(items[0]);
    expect(p.text).toBe('Boccadasse al tramonto & focaccia #OrgoglioLiguria #genova');
    expect(p.hashtags).toEqual(['orgoglioliguria', 'genova']);
  });

  it('reads GeoJSON [lon, lat] coordinates and the place name from includes.places', () => {
    expect(post(items[1])).toMatchObject({ geo: { lat: 44.1025, lon: 9.8236 }, placeName: 'La Spezia, Liguria' });
    expect(post(items[0])).toMatchObject({ geo: null, placeName: 'La Spezia, Liguria' });
  });

  it('skips retweets: their text is truncated and the original is what counts', () => {
    expect(normalizeXTweet(items[2])).toEqual({ kind: 'skip', why: 'retweet' });
  });

  it('treats lang "und" as unknown and survives a missing author expansion', () => {
    const raw = (items[0] as { tweet: object }).tweet;
    const p = post({ tweet: { ...raw, lang: 'und' }, author: null, place: null });
    expect(p).toMatchObject({ lang: null, authorHandle: '1001', url: 'https://x.com/i/web/status/2064780937786294273', placeName: null });
  });

  it('quarantines a tweet without the requested fields, naming the field', () => {
    expect(normalizeXTweet({ tweet: { id: '1', text: 'hi', edit_history_tweet_ids: ['1'] } })).toEqual({
      kind: 'invalid',
      reason: expect.stringContaining('tweet.author_id'),
    });
  });
});
