import { expect } from 'vitest';
import { classifyTiktokError, tiktokError, videoQueryBody } from '../../src/connectors/tiktok/index.js';
import { parseLosslessJson } from '../../src/connectors/tiktok/lossless-json.js';
import { normalizeTiktokVideo } from '../../src/connectors/tiktok/normalize.js';
import { tiktokErrorSchema, tiktokQueryResponseSchema } from '../../src/connectors/tiktok/schema.js';
import { contractSuite } from '../helpers/contract.js';
import type { RecordedFixture } from '../helpers/platform-fixtures.js';

const NOW = new Date('2026-06-10T10:00:00Z');
/** Video ids are 19 digits: read as written, never through JSON.parse's rounding. */
const body = (f: RecordedFixture) => parseLosslessJson(f.raw) as Record<string, unknown>;

contractSuite({
  platform: 'tiktok',
  classify(status, f) {
    // The docs show the error object alone as well as inside the response envelope.
    const bare = tiktokErrorSchema.safeParse(body(f));
    return bare.success ? tiktokError(bare.data, status, NOW) : classifyTiktokError({ status, text: f.raw }, NOW);
  },
  posts: (f) => (tiktokQueryResponseSchema.parse(body(f)).data?.videos ?? []).map(normalizeTiktokVideo),
  hasNextPage: (f) => Boolean(tiktokQueryResponseSchema.parse(body(f)).data?.has_more),
  checkPosts(f, results) {
    const videos = (tiktokQueryResponseSchema.parse(body(f)).data?.videos ?? []) as Array<{ id?: string; video_id?: string }>;
    for (const [i, r] of results.entries()) {
      if (r.kind !== 'post') continue;
      expect(f.raw).toContain(r.post.externalId);
      expect(r.post.externalId).toBe(videos[i]?.id ?? videos[i]?.video_id);
    }
  },
  request(f) {
    const theirs = body(f);
    const ours = videoQueryBody({ hashtags: ['lamialiguria'], regionCodes: ['IT'], start: '20260601', end: '20260610', maxCount: 100, cursor: 0 });
    for (const key of Object.keys(theirs).filter((k) => k !== 'query')) expect(Object.keys(ours), key).toContain(key);
    const [their] = (theirs.query as { and: Array<Record<string, unknown>> }).and;
    const [mine] = (ours.query as { and: Array<Record<string, unknown>> }).and;
    expect(Object.keys(mine ?? {}).sort()).toEqual(Object.keys(their ?? {}).sort());
    expect(String(theirs.start_date)).toMatch(/^\d{8}$/);
  },
  rejects: (f) => !tiktokQueryResponseSchema.safeParse(body(f)).success,
});
