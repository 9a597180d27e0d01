import { describe, expect, it } from 'vitest';
import { normalizeInstagramMedia } from '../../src/connectors/instagram/normalize.js';
import { igHashtagListSchema } from '../../src/connectors/instagram/schema.js';
import { classifyGraphError, graphPageSchema, readMetaUsage } from '../../src/connectors/meta/graph.js';
import { contractSuite } from '../helpers/contract.js';
import { recordedHeaders } from '../helpers/platform-fixtures.js';
import { has } from '../helpers/requirements.js';

const NOW = new Date('2026-06-10T10:00:00Z');
const ctx = { product: 'Instagram' as const, tokenHint: 'set accessToken', permissionHint: 'the app needs Instagram Public Content Access', now: NOW };

contractSuite({
  platform: 'instagram',
  classify: (status, f) => classifyGraphError({ status, headers: new Headers(), text: f.raw }, ctx),
  // Items recorded without fields=timestamp are quarantined, saying why: the connector always asks for it.
  posts: (f) => graphPageSchema.parse(f.body).data.map(normalizeInstagramMedia),
  hasNextPage: (f) => Boolean(graphPageSchema.parse(f.body).paging?.next),
  checkPosts(f, results) {
    const page = graphPageSchema.parse(f.body);
    for (const [i, r] of results.entries()) {
      if (r.kind === 'post') expect(r.post.externalId).toBe((page.data[i] as { id: string }).id);
      if (r.kind === 'invalid') expect(r.reason).toContain('timestamp');
    }
  },
  // A hashtag search answers {id, name} nodes (a node alone when asked by id): numeric ids the media poll goes on with.
  lookup(f) {
    const list = igHashtagListSchema.parse(Array.isArray((f.body as { data?: unknown }).data) ? f.body : { data: [f.body] });
    expect(list.data.length).toBeGreaterThan(0);
    for (const tag of list.data) expect(tag.id).toMatch(/^\d+$/);
  },
  rejects: (f) => !graphPageSchema.safeParse(f.body).success,
});

describe.skipIf(!has('platformFixtures'))('instagram usage headers', () => {
  it('reads the recorded usage headers as the remaining share of the allowance', () => {
    const h = recordedHeaders('instagram') as Record<string, string>;
    const app = readMetaUsage(new Headers({ 'x-app-usage': h.x_app_usage_docs_sample_value ?? '' }), NOW);
    expect(app).toMatchObject({ limit: 100, remaining: 72 });
    const buc = readMetaUsage(new Headers({ 'x-business-use-case-usage': h.x_business_use_case_usage_sdk_test_value ?? '' }), NOW);
    expect(buc).toMatchObject({ limit: 100, remaining: 99 });
  });
});
