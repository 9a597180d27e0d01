import { describe, expect, it } from 'vitest';
import { classifyYoutubeError } from '../../src/connectors/youtube/index.js';
import { normalizeYoutubeVideo } from '../../src/connectors/youtube/normalize.js';
import { searchListSchema, searchResultSchema, videoListSchema } from '../../src/connectors/youtube/schema.js';
import { announceContract, expectCompletePost, expectErrorClass } from '../helpers/contract.js';
import { recordedFixtures } from '../helpers/platform-fixtures.js';

const available = announceContract('youtube');
const NOW = new Date('2026-06-10T10:00:00Z');

describe.skipIf(!available)('youtube contract: every recorded response', () => {
  const files = recordedFixtures('youtube');

  it('finds recorded responses', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [f.file, f] as const))('%s goes through the schema and normalizer', (file, { body, raw }) => {
    expect(body, `${file} is JSON`).not.toBeNull();
    const b = body as { kind?: string; error?: { code?: number } };
    if (b.error) {
      expectErrorClass(classifyYoutubeError({ status: b.error.code ?? 400, headers: new Headers(), text: raw }, NOW), file);
      return;
    }
    if (b.kind === 'youtube#searchListResponse') {
      // search.list only feeds ids to videos.list; every result must yield one.
      const page = searchListSchema.parse(b);
      for (const item of page.items) expect(searchResultSchema.safeParse(item).data?.id.videoId, file).toMatch(/\S/);
      return;
    }
    expect(b.kind, file).toBe('youtube#videoListResponse');
    const page = videoListSchema.parse(b);
    if (/last_page/.test(file)) expect((b as { nextPageToken?: string }).nextPageToken, `${file}: the walk must stop here`).toBeUndefined();
    for (const [i, item] of page.items.entries()) {
      const post = expectCompletePost(normalizeYoutubeVideo(item), `${file} #${i}`);
      const v = item as { id: string; snippet: { channelId: string }; statistics?: { likeCount?: string; viewCount?: string } };
      expect(post.externalId).toBe(v.id);
      expect(post.authorId).toBe(v.snippet.channelId);
      if (v.statistics?.likeCount) expect(post.engagement.likes).toBe(Number(v.statistics.likeCount));
      if (v.statistics?.viewCount) expect(post.engagement.views).toBe(Number(v.statistics.viewCount));
      expect(post.text).not.toMatch(/&amp;|&#39;|&quot;/);
    }
  });
});
