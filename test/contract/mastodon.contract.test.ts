import { expect } from 'vitest';
import { classifyMastodonError } from '../../src/connectors/mastodon/index.js';
import { normalizeMastodonStatus } from '../../src/connectors/mastodon/normalize.js';
import { mastodonStatusSchema } from '../../src/connectors/mastodon/schema.js';
import { HttpError, kindForStatus } from '../../src/http/errors.js';
import { contractSuite } from '../helpers/contract.js';
import type { RecordedFixture } from '../helpers/platform-fixtures.js';

const now = new Date('2026-08-01T13:50:00Z');

/** A timeline page is an array of statuses; search results keep them under `statuses`; a lookup is one status. */
function statuses(f: RecordedFixture): unknown[] {
  const body = f.body;
  if (Array.isArray(body)) return body;
  const nested = (body as { statuses?: unknown } | null)?.statuses;
  return Array.isArray(nested) ? nested : [body];
}

contractSuite({
  platform: 'mastodon',
  // The HTTP client's mapping by status stands where the connector has no opinion.
  classify: (status, f) =>
    classifyMastodonError({ status, headers: new Headers(), text: f.raw }, now) ?? new HttpError(kindForStatus(status), `HTTP ${status}`),
  posts: (f) => statuses(f).map(normalizeMastodonStatus),
  checkPosts(f, results) {
    const items = statuses(f) as Array<{ uri: string }>;
    for (const [i, r] of results.entries()) {
      if (r.kind !== 'post') continue;
      expect(r.post.externalId).toBe(items[i]?.uri);
      expect(r.post.text).not.toMatch(/<\/?(p|a|span|br)\b/);
    }
  },
  rejects: (f) => !statuses(f).some((i) => mastodonStatusSchema.safeParse(i).success),
});
