import { describe, expect, it } from 'vitest';
import { normalizeFacebookPost } from '../../src/connectors/facebook/normalize.js';
import { classifyGraphError, graphPageSchema, stripGraphCredentials } from '../../src/connectors/meta/graph.js';
import { announceContract, expectCompletePost, expectErrorClass } from '../helpers/contract.js';
import { recordedFixtures } from '../helpers/platform-fixtures.js';

const available = announceContract('facebook');
const ctx = { product: 'Facebook' as const, tokenHint: 'set accessToken', permissionHint: 'the app needs Page Public Content Access', now: new Date('2026-06-10T10:00:00Z') };

describe.skipIf(!available)('facebook contract: every recorded response', () => {
  const files = recordedFixtures('facebook');

  it('finds recorded responses', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.file, f] as const))('%s goes through the schema and normalizer', (file, { body, raw }) => {
    expect(body, `${file} is JSON`).not.toBeNull();
    if ('error' in (body as object)) {
      expectErrorClass(classifyGraphError({ status: 400, headers: new Headers(), text: raw }, ctx), file);
      return;
    }
    const page = graphPageSchema.parse(body);
    if (/last_page/.test(file)) expect(page.paging?.next, `${file}: the walk must stop here`).toBeUndefined();
    if (page.paging?.next) {
      // The next URL is stored in the cursor mid-walk: it must keep its paging and lose the token.
      const stored = new URL(stripGraphCredentials(page.paging.next));
      expect(stored.searchParams.has('access_token')).toBe(false);
      expect(['after', 'until', '__paging_token'].some((k) => stored.searchParams.has(k)), file).toBe(true);
    }
    for (const [i, item] of page.data.entries()) {
      const post = expectCompletePost(normalizeFacebookPost(item), `${file} #${i}`);
      const it = item as { id: string; reactions?: { summary?: { total_count?: number } }; shares?: { count?: number } };
      expect(post.externalId).toBe(it.id);
      expect(post.authorId).toBe(it.id.split('_')[0]);
      if (it.reactions?.summary?.total_count !== undefined) expect(post.engagement.likes).toBe(it.reactions.summary.total_count);
      if (it.shares?.count !== undefined) expect(post.engagement.reposts).toBe(it.shares.count);
    }
  });
});
