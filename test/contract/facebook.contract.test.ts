import { expect } from 'vitest';
import { normalizeFacebookPost } from '../../src/connectors/facebook/normalize.js';
import { classifyGraphError, graphPageSchema, stripGraphCredentials } from '../../src/connectors/meta/graph.js';
import { contractSuite } from '../helpers/contract.js';

const ctx = {
  product: 'Facebook' as const,
  tokenHint: 'set accessToken',
  permissionHint: 'the app needs Page Public Content Access',
  now: new Date('2026-06-10T10:00:00Z'),
};

contractSuite({
  platform: 'facebook',
  classify: (status, f) => classifyGraphError({ status, headers: new Headers(), text: f.raw }, ctx),
  posts: (f) => graphPageSchema.parse(f.body).data.map(normalizeFacebookPost),
  hasNextPage: (f) => Boolean(graphPageSchema.parse(f.body).paging?.next),
  checkPosts(f, results) {
    const page = graphPageSchema.parse(f.body);
    if (page.paging?.next) {
      // The next URL is stored in the cursor mid-walk: it must keep its paging and lose the token.
      const stored = new URL(stripGraphCredentials(page.paging.next));
      expect(stored.searchParams.has('access_token')).toBe(false);
      expect(['after', 'until', '__paging_token'].some((k) => stored.searchParams.has(k))).toBe(true);
    }
    for (const [i, r] of results.entries()) {
      if (r.kind !== 'post') continue;
      const item = page.data[i] as { id: string; reactions?: { summary?: { total_count?: number } }; shares?: { count?: number } };
      expect(r.post.externalId).toBe(item.id);
      expect(r.post.authorId).toBe(item.id.split('_')[0]);
      if (item.reactions?.summary?.total_count !== undefined) expect(r.post.engagement.likes).toBe(item.reactions.summary.total_count);
      if (item.shares?.count !== undefined) expect(r.post.engagement.reposts).toBe(item.shares.count);
    }
  },
  rejects: (f) => !graphPageSchema.safeParse(f.body).success,
});
