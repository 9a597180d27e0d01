import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { mergeHashtags } from '../src/analysis/hashtags.js';
import { buildLocalities, createLocalityMatcher, type LocalityMatcher } from '../src/analysis/locality/index.js';
import type { GazetteerId } from '../src/analysis/locality/gazetteer.js';
import type { NormalizedPost } from '../src/domain/types.js';

/**
 * Scores town attribution on a labelled set of real posts (the format of
 * ../shared/data/locality/README.md): every `*.jsonl` of a directory, each scored whole-country
 * and on one region selection (Liguria for Italian files, Occitanie for French ones), where a post
 * about a town outside the region must get no town.
 */
const devItem = z.object({
  id: z.string(),
  text: z.string(),
  lang: z.string(),
  gold: z.object({ code: z.string(), name: z.string() }).nullable(),
  note: z.string().default(''),
});
export type DevItem = z.infer<typeof devItem>;

export interface ModeScore {
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** Share of the posts about no town (in this mode) that were given one. */
  noneGivenTown: number | null;
}

export interface DevFileScore {
  file: string;
  lang: GazetteerId;
  n: number;
  modes: { country: ModeScore; region: ModeScore };
}

export interface DevBenchResult {
  files: DevFileScore[];
  textsPerSecond: number;
}

export interface DevMiss {
  file: string;
  mode: 'country' | 'region';
  id: string;
  gold: string | null;
  got: string | null;
  method: string;
  text: string;
}

const REGION: Record<GazetteerId, string> = { it: 'Liguria', fr: 'Occitanie' };

export function readDevFiles(dir: string): { file: string; lang: GazetteerId; items: DevItem[] }[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.jsonl'))
    .sort();
  if (files.length === 0) throw new Error(`no *.jsonl file in ${dir}`);
  return files.map((file) => {
    const items = readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim())
      .map((line, i) => {
        const parsed = devItem.safeParse(JSON.parse(line));
        if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
        return parsed.data;
      });
    return { file, lang: gazetteerOf(file, items), items };
  });
}

/** The file's country: the gazetteer language most of its posts are written in (a few English posts ride along). */
function gazetteerOf(file: string, items: readonly DevItem[]): GazetteerId {
  const it = items.filter((i) => i.lang === 'it').length;
  const fr = items.filter((i) => i.lang === 'fr').length;
  if (it === 0 && fr === 0) throw new Error(`${file}: no Italian or French post`);
  return it >= fr ? 'it' : 'fr';
}

export const devPost = (item: DevItem): NormalizedPost => ({
  platform: 'mastodon',
  externalId: item.id,
  url: null,
  authorId: 'a',
  authorHandle: 'a',
  authorName: null,
  authorLocation: null,
  authorFollowers: null,
  authorCreatedAt: null,
  text: item.text,
  lang: item.lang,
  createdAt: new Date(0),
  engagement: { likes: 0, reposts: 0, replies: 0, quotes: 0, views: null },
  hashtags: mergeHashtags([], item.text),
  geo: null,
  placeName: null,
});

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);

function scoreMode(
  items: readonly DevItem[],
  matcher: LocalityMatcher,
  inSelection: (code: string) => boolean,
  onMiss: (item: DevItem, gold: string | null, got: string | null, method: string) => void,
): ModeScore {
  let towns = 0;
  let nones = 0;
  let attributed = 0;
  let correct = 0;
  let noneGiven = 0;
  for (const item of items) {
    const gold = item.gold && inSelection(item.gold.code) ? item.gold.code : null;
    const got = matcher.attribute(devPost(item));
    const id = got.localityId;
    if (gold) towns += 1;
    else nones += 1;
    if (id) attributed += 1;
    if (id && id === gold) correct += 1;
    if (id && !gold) noneGiven += 1;
    if (id !== gold) onMiss(item, gold, id, got.method);
  }
  const precision = ratio(correct, attributed);
  const recall = ratio(correct, towns);
  const f1 = precision !== null && recall !== null && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : null;
  return { precision, recall, f1, noneGivenTown: ratio(noneGiven, nones) };
}

export interface DevBenchRun {
  result: DevBenchResult;
  misses: DevMiss[];
  /**
   * Milliseconds to build each gazetteer's whole-country matcher, the first time in this process
   * (reading the committed data included): wall clock and CPU (main thread and GC helpers).
   */
  build: Partial<Record<GazetteerId, { wallMs: number; cpuMs: number }>>;
}

export function localityDevBench(dir: string): DevBenchRun {
  const misses: DevMiss[] = [];
  const build: DevBenchRun['build'] = {};
  const countryMatchers = new Map<GazetteerId, LocalityMatcher>();
  const countryMatcher = (lang: GazetteerId) => {
    let matcher = countryMatchers.get(lang);
    if (!matcher) {
      const start = performance.now();
      const cpu = process.cpuUsage();
      matcher = createLocalityMatcher(buildLocalities({ gazetteer: lang, extra: [] }));
      const used = process.cpuUsage(cpu);
      build[lang] = { wallMs: Math.round(performance.now() - start), cpuMs: Math.round((used.user + used.system) / 1000) };
      countryMatchers.set(lang, matcher);
    }
    return matcher;
  };
  let texts = 0;
  let attributeMs = 0;
  const files = readDevFiles(dir).map(({ file, lang, items }): DevFileScore => {
    const country = countryMatcher(lang);
    const regional = createLocalityMatcher(buildLocalities({ gazetteer: lang, region: REGION[lang], extra: [] }));
    const regionCodes = new Set(regional.localities.map((l) => l.id));
    const start = performance.now();
    const score = (mode: DevMiss['mode'], matcher: LocalityMatcher, inSelection: (code: string) => boolean) =>
      scoreMode(items, matcher, inSelection, (item, gold, got, method) => misses.push({ file, mode, id: item.id, gold, got, method, text: item.text }));
    const modes = { country: score('country', country, () => true), region: score('region', regional, (c) => regionCodes.has(c)) };
    attributeMs += performance.now() - start;
    texts += 2 * items.length;
    return { file, lang, n: items.length, modes };
  });
  return { result: { files, textsPerSecond: Math.round((texts * 1000) / Math.max(attributeMs, 1)) }, misses, build };
}
