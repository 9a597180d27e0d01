import { expect } from 'vitest';
import { classifyBlueskyError } from '../../src/connectors/bluesky/errors.js';
import { normalizeBlueskyPost } from '../../src/connectors/bluesky/normalize.js';
import { searchPostsSchema } from '../../src/connectors/bluesky/schema.js';
import { contractSuite } from '../helpers/contract.js';

const now = new Date('2026-06-10T12:00:00Z');
const threadPost = (body: unknown) => (body as { thread?: { post?: unknown } } | null)?.thread?.post;

contractSuite({
  platform: 'bluesky',
  classify: (status, f) => classifyBlueskyError({ status, headers: new Headers(), text: f.raw }, now, 'search'),
  posts(f) {
    // A thread's PostView is the item shape of a search result.
    const post = threadPost(f.body);
    if (post !== undefined) return [normalizeBlueskyPost(post)];
    return searchPostsSchema.parse(f.body).posts.map(normalizeBlueskyPost);
  },
  hasNextPage: (f) => Boolean(searchPostsSchema.parse(f.body).cursor),
  checkPosts(_fixture, results) {
    const ids = results.flatMap((r) => (r.kind === 'post' ? [r.post.externalId] : []));
    expect(new Set(ids).size).toBe(ids.length);
  },
  rejects: (f) => !searchPostsSchema.safeParse(f.body).success,
});
