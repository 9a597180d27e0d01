import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { mergeHashtags } from '../src/analysis/hashtags.js';
import { campaignLocalities, createLocalityMatcher } from '../src/analysis/locality/index.js';
import { loadConfigFile } from '../src/config/load.js';
import type { AttributionMethod, NormalizedPost } from '../src/domain/types.js';

export const FIXTURE_DIR = 'test/fixtures/locality';

const labelled = z.strictObject({
  campaign: z.string(),
  text: z.string(),
  expected: z.string().nullable(),
  method: z.enum(['geo', 'place', 'hashtag', 'text', 'profile', 'none']),
  geo: z.tuple([z.number(), z.number()]).optional(),
  placeName: z.string().optional(),
  authorLocation: z.string().optional(),
});
export type LabelledPost = z.infer<typeof labelled>;

export interface MethodScore {
  method: AttributionMethod;
  labelled: number;
  attributed: number;
  correct: number;
  found: number;
  precision: number | null;
  recall: number | null;
}

export interface BenchResult {
  posts: number;
  methods: MethodScore[];
  overall: { precision: number; recall: number };
  misses: { text: string; expected: string | null; got: string | null; method: string }[];
}

export function readLabelledPosts(): LabelledPost[] {
  return readFileSync(`${FIXTURE_DIR}/posts.jsonl`, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = labelled.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`posts.jsonl:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

const toPost = (p: LabelledPost, i: number): NormalizedPost => ({
  platform: 'mastodon',
  externalId: `bench-${i}`,
  url: null,
  authorId: `a${i}`,
  authorHandle: `a${i}@bench.example`,
  authorName: null,
  authorLocation: p.authorLocation ?? null,
  authorFollowers: null,
  authorCreatedAt: null,
  text: p.text,
  lang: null,
  createdAt: new Date('2026-06-10T10:00:00Z'),
  engagement: { likes: 0, reposts: 0, replies: 0, quotes: 0, views: null },
  hashtags: mergeHashtags([], p.text),
  geo: p.geo ? { lat: p.geo[0], lon: p.geo[1] } : null,
  placeName: p.placeName ?? null,
});

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

export async function localityBench(): Promise<BenchResult> {
  const config = await loadConfigFile(`${FIXTURE_DIR}/campaigns.yaml`, {});
  const matchers = new Map(config.config.campaigns.map((c) => [c.id, createLocalityMatcher(campaignLocalities(c))]));
  const posts = readLabelledPosts();
  const methods = ['geo', 'place', 'hashtag', 'text', 'profile'] as const;
  const score = new Map(methods.map((m) => [m, { method: m, labelled: 0, attributed: 0, correct: 0, found: 0 }]));
  const misses: BenchResult['misses'] = [];
  let attributed = 0;
  let correct = 0;
  let expectedTowns = 0;
  posts.forEach((p, i) => {
    const matcher = matchers.get(p.campaign);
    if (!matcher) throw new Error(`posts.jsonl:${i + 1}: unknown campaign ${p.campaign}`);
    const got = matcher.attribute(toPost(p, i));
    const right = got.localityId === p.expected;
    if (got.localityId !== null) {
      attributed += 1;
      if (right) correct += 1;
      const s = score.get(got.method as (typeof methods)[number]);
      if (s) {
        s.attributed += 1;
        if (right) s.correct += 1;
      }
    }
    if (p.expected !== null) {
      expectedTowns += 1;
      const s = score.get(p.method as (typeof methods)[number]);
      if (s) {
        s.labelled += 1;
        if (right) s.found += 1;
      }
    }
    if (!right) misses.push({ text: p.text, expected: p.expected, got: got.localityId, method: got.method });
  });
  const found = [...score.values()].reduce((n, s) => n + s.found, 0);
  return {
    posts: posts.length,
    methods: [...score.values()].map((s) => ({ ...s, precision: ratio(s.correct, s.attributed), recall: ratio(s.found, s.labelled) })),
    overall: { precision: ratio(correct, attributed) ?? 0, recall: ratio(found, expectedTowns) ?? 0 },
    misses,
  };
}

const pct = (v: number | null) => (v === null ? '   -  ' : `${(v * 100).toFixed(1).padStart(5)}%`);

export function formatBench(r: BenchResult): string {
  const lines = [
    `locality attribution on ${r.posts} labelled posts`,
    'method    labelled  attributed  precision  recall',
    ...r.methods.map(
      (m) =>
        `${m.method.padEnd(8)}  ${String(m.labelled).padStart(8)}  ${String(m.attributed).padStart(10)}  ${pct(m.precision).padStart(9)}  ${pct(m.recall)}`,
    ),
    `overall   precision ${pct(r.overall.precision)}  recall ${pct(r.overall.recall)}`,
    '',
    `wrong or missed (${r.misses.length}):`,
    ...r.misses.map((m) => `  expected ${m.expected ?? 'none'}, got ${m.got ?? 'none'} (${m.method}): ${m.text}`),
  ];
  return lines.join('\n');
}
