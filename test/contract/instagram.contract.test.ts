import { describe, expect, it } from 'vitest';
import { normalizeInstagramMedia } from '../../src/connectors/instagram/normalize.js';
import { igHashtagListSchema } from '../../src/connectors/instagram/schema.js';
import { classifyGraphError, graphPageSchema, readMetaUsage } from '../../src/connectors/meta/graph.js';
import { announceContract, expectCompletePost, expectErrorClass } from '../helpers/contract.js';
import { recordedFixtures, recordedHeaders } from '../helpers/platform-fixtures.js';

const available = announceContract('instagram');
const NOW = new Date('2026-06-10T10:00:00Z');
const ctx = { product: 'Instagram' as const, tokenHint: 'set accessToken', permissionHint: 'the app needs Instagram Public Content Access', now: NOW };

describe.skipIf(!available)('instagram contract: every recorded response', () => {
  const files = recordedFixtures('instagram');

  it('finds recorded responses', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.file, f] as const))('%s goes through the schema and normalizer', (file, { body, raw }) => {
    expect(body, `${file} is JSON`).not.toBeNull();
    const b = body as Record<string, unknown>;
    if ('error' in b) {
      // Meta sends throttles and auth errors alike as HTTP 400 OAuthException bodies.
      expectErrorClass(classifyGraphError({ status: 400, headers: new Headers(), text: raw }, ctx), file);
      return;
    }
    if (!Array.isArray(b.data)) {
      // A hashtag node ({id, name}): the same item shape as a search result.
      expect(igHashtagListSchema.safeParse({ data: [b] }).success, file).toBe(true);
      return;
    }
    const page = graphPageSchema.parse(b);
    const isHashtagList = page.data.every((i) => Object.keys(i as object).every((k) => k === 'id' || k === 'name'));
    if (isHashtagList && /hashtag/.test(file)) {
      expect(igHashtagListSchema.parse(b).data.every((t) => /^\d+$/.test(t.id)), file).toBe(true);
      return;
    }
    if (/last_page/.test(file)) expect(page.paging?.next, `${file}: the walk must stop here`).toBeUndefined();
    for (const [i, item] of page.data.entries()) {
      const result = normalizeInstagramMedia(item);
      if ((item as { timestamp?: unknown }).timestamp !== undefined) {
        const post = expectCompletePost(result, `${file} #${i}`);
        expect(post.externalId).toBe((item as { id: string }).id);
      } else {
        // Recorded without fields=timestamp: the connector always asks for it, so such an item is quarantined, saying why.
        expect(result.kind === 'invalid' && result.reason, `${file} #${i}`).toContain('timestamp');
      }
    }
  });

  it('reads the recorded usage headers as the remaining share of the allowance', () => {
    const h = recordedHeaders('instagram') as Record<string, string>;
    const app = readMetaUsage(new Headers({ 'x-app-usage': h.x_app_usage_docs_sample_value ?? '' }), NOW);
    expect(app).toMatchObject({ limit: 100, remaining: 72 });
    const buc = readMetaUsage(new Headers({ 'x-business-use-case-usage': h.x_business_use_case_usage_sdk_test_value ?? '' }), NOW);
    expect(buc).toMatchObject({ limit: 100, remaining: 99 });
  });
});
