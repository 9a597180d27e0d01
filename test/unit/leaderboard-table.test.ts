import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../src/leaderboard/snapshot.js';
import { postsLine } from '../../src/leaderboard/table.js';

const withPosts = (posts: Snapshot['coverage']['posts']) =>
  ({ totals: { posts: 2780, unattributedPosts: 194 }, coverage: { complete: true, sources: [], posts } }) as unknown as Snapshot;

describe('the CLI totals line', () => {
  it('accounts for every stored post as the page does: counted, without a town, excluded by the rules', () => {
    expect(postsLine(withPosts({ stored: 2780, counted: 2421, unattributed: 194, lowConfidence: 0 }))).toBe(
      '2421 counted of 2780 stored, 194 not attributed to a town, 165 excluded by the challenge rules',
    );
    expect(postsLine(withPosts({ stored: 10, counted: 6, unattributed: 2, lowConfidence: 2 }))).toBe(
      '6 counted of 10 stored, 2 not attributed to a town, 2 with an uncertain town',
    );
  });
});
