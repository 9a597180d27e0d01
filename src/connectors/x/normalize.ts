import { decodeHTML } from 'entities';
import { mergeHashtags } from '../../analysis/hashtags.js';
import { sanitizeText } from '../../analysis/text.js';
import { invalidItem } from '../invalid.js';
import type { NormalizeResult } from '../types.js';
import { xItemSchema, xPlaceSchema, xSearchPageSchema, xUserSchema, type XSearchPage } from './schema.js';

/** Expansions resolved: each tweet travels with its author and place, so normalize stays pure. */
export function xPageItems(page: XSearchPage): unknown[] {
  const users = new Map<string, unknown>();
  for (const u of page.includes.users ?? []) {
    const user = xUserSchema.safeParse(u).data;
    if (user) users.set(user.id, u);
  }
  const places = new Map<string, unknown>();
  for (const p of page.includes.places ?? []) {
    const place = xPlaceSchema.safeParse(p).data;
    if (place) places.set(place.id, p);
  }
  return page.data.map((tweet) => {
    const t = (tweet ?? {}) as { author_id?: unknown; geo?: { place_id?: unknown } | null };
    return {
      tweet,
      author: typeof t.author_id === 'string' ? (users.get(t.author_id) ?? null) : null,
      place: typeof t.geo?.place_id === 'string' ? (places.get(t.geo.place_id) ?? null) : null,
    };
  });
}

/** Convenience for raw bodies (contract tests, the simulator check): body → items. */
export function xBodyItems(body: unknown): unknown[] {
  return xPageItems(xSearchPageSchema.parse(body));
}

/** A tweet with its expansions → the common post; retweets are skipped (the original counts). */
export function normalizeXTweet(item: unknown): NormalizeResult {
  const parsed = xItemSchema.safeParse(item);
  if (!parsed.success) return invalidItem('x tweet', parsed.error);
  const { tweet: t, author, place } = parsed.data;
  if (t.referenced_tweets?.some((r) => r.type === 'retweeted')) return { kind: 'skip', why: 'retweet' };
  const text = sanitizeText(decodeHTML(t.text));
  const handle = author?.username ?? t.author_id;
  const point = t.geo?.coordinates?.coordinates;
  return {
    kind: 'post',
    post: {
      platform: 'x',
      // Snowflakes exceed 2^53: they stay strings from JSON to the database.
      externalId: t.id,
      url: author ? `https://x.com/${author.username}/status/${t.id}` : `https://x.com/i/web/status/${t.id}`,
      authorId: t.author_id,
      authorHandle: handle,
      authorName: author?.name ? sanitizeText(author.name, 200) : null,
      authorLocation: author?.location ? sanitizeText(author.location, 200) : null,
      authorFollowers: author?.public_metrics?.followers_count ?? null,
      authorCreatedAt: dateOrNull(author?.created_at),
      text,
      lang: t.lang && t.lang !== 'und' ? t.lang : null,
      createdAt: new Date(t.created_at),
      engagement: {
        likes: t.public_metrics.like_count,
        reposts: t.public_metrics.retweet_count,
        replies: t.public_metrics.reply_count,
        quotes: t.public_metrics.quote_count,
        views: t.public_metrics.impression_count ?? null,
      },
      hashtags: mergeHashtags(
        (t.entities?.hashtags ?? []).map((h) => h.tag),
        text,
      ),
      geo: point ? { lon: point[0], lat: point[1] } : null,
      placeName: place?.full_name ?? place?.name ?? null,
    },
  };
}

function dateOrNull(value: string | null | undefined): Date | null {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? null : new Date(ms);
}
