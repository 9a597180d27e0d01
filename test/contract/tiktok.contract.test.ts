import { describe, expect, it } from 'vitest';
import { classifyTiktokError, tiktokError, videoQueryBody } from '../../src/connectors/tiktok/index.js';
import { parseLosslessJson } from '../../src/connectors/tiktok/lossless-json.js';
import { normalizeTiktokVideo } from '../../src/connectors/tiktok/normalize.js';
import { tiktokErrorSchema, tiktokQueryResponseSchema } from '../../src/connectors/tiktok/schema.js';
import { announceContract, expectCompletePost, expectErrorClass } from '../helpers/contract.js';
import { recordedFixtures } from '../helpers/platform-fixtures.js';

const available = announceContract('tiktok');
const NOW = new Date('2026-06-10T10:00:00Z');
/** HTTP status per error code, from TikTok's v2 error-handling page. */
const STATUS: Record<string, number> = {
  access_token_invalid: 401,
  scope_not_authorized: 401,
  scope_permission_missed: 400,
  invalid_params: 400,
  rate_limit_exceeded: 429,
  daily_quota_limit_exceeded: 429,
  internal_error: 500,
};

describe.skipIf(!available)('tiktok contract: every recorded response', () => {
  const files = recordedFixtures('tiktok');

  it('finds recorded responses', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.file, f] as const))('%s goes through the schema and normalizer', (file, { raw }) => {
    const body = parseLosslessJson(raw) as Record<string, unknown>;
    if ('query' in body) {
      // A recorded request body: ours must have the same shape.
      const ours = videoQueryBody({ hashtags: ['lamialiguria'], regionCodes: ['IT'], start: '20260601', end: '20260610', maxCount: 100, cursor: 0 });
      for (const key of Object.keys(body).filter((k) => k !== 'query')) expect(Object.keys(ours), `${file}: ${key}`).toContain(key);
      const [theirs] = (body.query as { and: Array<Record<string, unknown>> }).and;
      const [mine] = (ours.query as { and: Array<Record<string, unknown>> }).and;
      expect(Object.keys(mine ?? {}).sort()).toEqual(Object.keys(theirs ?? {}).sort());
      expect(String(body.start_date)).toMatch(/^\d{8}$/);
      return;
    }
    const bare = tiktokErrorSchema.safeParse(body);
    if (bare.success) {
      expectErrorClass(tiktokError(bare.data, STATUS[bare.data.code] ?? 400, NOW), file);
      return;
    }
    const res = tiktokQueryResponseSchema.parse(body);
    if (res.error && res.error.code !== 'ok' && (res.data?.videos.length ?? 0) === 0) {
      expectErrorClass(classifyTiktokError({ status: STATUS[res.error.code] ?? 400, text: raw }, NOW), file);
      return;
    }
    expect(res.data, file).toBeDefined();
    for (const [i, item] of (res.data?.videos ?? []).entries()) {
      const post = expectCompletePost(normalizeTiktokVideo(item), `${file} #${i}`);
      // The id must be the digits as written, not JSON.parse's rounding of them.
      const v = item as { id?: string; video_id?: string };
      expect(raw).toContain(post.externalId);
      expect(post.externalId).toBe(v.id ?? v.video_id);
    }
  });
});
