import { describe, expect, it } from 'vitest';
import { localityBench, readLabelledPosts } from '../../bench/locality-metrics.js';

describe('labelled locality set', () => {
  it('has at least 150 posts, with towns and non-towns, for every method', () => {
    const posts = readLabelledPosts();
    expect(posts.length).toBeGreaterThanOrEqual(150);
    for (const method of ['geo', 'place', 'hashtag', 'text', 'profile', 'none']) {
      expect(posts.filter((p) => p.method === method).length, method).toBeGreaterThanOrEqual(5);
    }
  });

  it('is attributed with precision first: at least 97% precision and 90% recall overall', async () => {
    const result = await localityBench();
    expect(result.overall.precision).toBeGreaterThanOrEqual(0.97);
    expect(result.overall.recall).toBeGreaterThanOrEqual(0.9);
    for (const m of result.methods) expect(m.precision ?? 1, m.method).toBeGreaterThanOrEqual(0.95);
  });
});
