import { expect } from 'vitest';
import { classifyYoutubeError } from '../../src/connectors/youtube/index.js';
import { normalizeYoutubeVideo } from '../../src/connectors/youtube/normalize.js';
import { searchListSchema, searchResultSchema, videoListSchema } from '../../src/connectors/youtube/schema.js';
import { contractSuite } from '../helpers/contract.js';

const NOW = new Date('2026-06-10T10:00:00Z');

contractSuite({
  platform: 'youtube',
  classify: (status, f) => classifyYoutubeError({ status, headers: new Headers(), text: f.raw }, NOW),
  posts: (f) => videoListSchema.parse(f.body).items.map(normalizeYoutubeVideo),
  hasNextPage: (f) => Boolean((f.body as { nextPageToken?: string }).nextPageToken),
  checkPosts(f, results) {
    const items = videoListSchema.parse(f.body).items as Array<{
      id: string;
      snippet: { channelId: string };
      statistics?: { likeCount?: string; viewCount?: string };
    }>;
    for (const [i, r] of results.entries()) {
      const v = items[i];
      if (r.kind !== 'post' || !v) continue;
      expect(r.post.externalId).toBe(v.id);
      expect(r.post.authorId).toBe(v.snippet.channelId);
      if (v.statistics?.likeCount) expect(r.post.engagement.likes).toBe(Number(v.statistics.likeCount));
      if (v.statistics?.viewCount) expect(r.post.engagement.views).toBe(Number(v.statistics.viewCount));
      expect(r.post.text).not.toMatch(/&amp;|&#39;|&quot;/);
    }
  },
  // search.list only feeds video ids to videos.list: every result must yield one.
  lookup(f) {
    const page = searchListSchema.parse(f.body);
    for (const item of page.items) expect(searchResultSchema.safeParse(item).data?.id.videoId).toMatch(/\S/);
  },
  rejects: (f) => !videoListSchema.safeParse(f.body).success,
});
