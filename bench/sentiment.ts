/**
 * npm run bench:sentiment [-- --data DIR] [--json]
 *
 * Scores every LANG.*.jsonl file in DIR (lines {"id","text","label"}; default
 * ../shared/data/sentiment next to the project) with campanile's scorer and, in the same run,
 * with natural's SentimentAnalyzer (pattern for it/fr, AFINN for en: natural's own choices),
 * and prints accuracy and macro-F1 per file and pooled per language, then posts per second on
 * one core. The language is given as declared, as a platform would; the "detected" column
 * scores the same posts with the language left to detection. Without --json it also prints
 * campanile's confusion matrix per language. Data is read, never copied.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { SentimentLabel } from '../src/domain/types.js';
import { SUPPORTED_LANGUAGES, type Language } from '../src/analysis/language.js';
import { scoreSentiment, warmUpSentiment } from '../src/analysis/sentiment/index.js';
import { confusion, evaluate, LABELS, type Scores } from './metrics.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const Item = z.object({ id: z.union([z.string(), z.number()]), text: z.string(), label: z.enum(['positive', 'neutral', 'negative']) });
type Item = z.infer<typeof Item>;

function parseArgs(argv: string[]) {
  const i = argv.indexOf('--data');
  const data = i >= 0 ? argv[i + 1] : undefined;
  if (i >= 0 && !data) throw new Error('--data needs a directory');
  return { data: path.resolve(data ?? path.join(ROOT, '../shared/data/sentiment')), json: argv.includes('--json') };
}

function loadFiles(dir: string): { file: string; lang: Language; items: Item[] }[] {
  const files = readdirSync(dir)
    .filter((f) => /^[a-z]{2}\..*\.jsonl$/.test(f))
    .sort();
  if (files.length === 0) throw new Error(`no LANG.*.jsonl files in ${dir}`);
  return files.flatMap((file) => {
    const lang = file.slice(0, 2) as Language;
    if (!(SUPPORTED_LANGUAGES as readonly string[]).includes(lang)) return [];
    const lines = readFileSync(path.join(dir, file), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    return [{ file, lang, items: lines.map((l, n) => parseLine(l, file, n + 1)) }];
  });
}

function parseLine(line: string, file: string, n: number): Item {
  const parsed = Item.safeParse(JSON.parse(line));
  if (!parsed.success) throw new Error(`${file}:${n}: ${parsed.error.message}`);
  return parsed.data;
}

/** natural's analyzer as its README shows it: words in, a signed number out; 0 is neutral. */
function naturalBaseline(): Record<Language, (text: string) => SentimentLabel> {
  const require = createRequire(import.meta.url);
  const { SentimentAnalyzer } = require('natural/lib/natural/sentiment/index.js') as {
    SentimentAnalyzer: new (language: string, stemmer: null, type: string) => { getSentiment(words: string[]): number };
  };
  const make = (language: string, type: string) => {
    const analyzer = new SentimentAnalyzer(language, null, type);
    return (text: string): SentimentLabel => {
      const words = text.toLowerCase().match(/[\p{L}']+/gu) ?? [];
      const s = words.length ? analyzer.getSentiment(words) : 0;
      return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
    };
  };
  return { it: make('Italian', 'pattern'), fr: make('French', 'pattern'), en: make('English', 'afinn') };
}

/**
 * Posts per second on this thread: the best of `rounds` rounds of at least `ms` each, scoring the
 * texts over and over (best-of, because a shared machine only ever slows a round down).
 */
function throughput(texts: { text: string; lang: string }[], score: (text: string, lang: string) => unknown, rounds = 3, ms = 1000): number {
  let best = 0;
  for (let r = 0; r < rounds; r++) {
    let posts = 0;
    const start = performance.now();
    let elapsed = 0;
    while (elapsed < ms) {
      for (const t of texts) score(t.text, t.lang);
      posts += texts.length;
      elapsed = performance.now() - start;
    }
    best = Math.max(best, Math.round((posts * 1000) / elapsed));
  }
  return best;
}

interface Row {
  ours: Scores;
  natural: Scores;
  detected: Scores;
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const files = loadFiles(args.data);
  const baseline = naturalBaseline();
  warmUpSentiment();

  const rows: Record<string, Row> = {};
  const pooledInput = new Map<Language, { gold: SentimentLabel[]; ours: SentimentLabel[]; natural: SentimentLabel[]; detected: SentimentLabel[] }>();
  for (const { file, lang, items } of files) {
    const gold = items.map((i) => i.label);
    const ours = items.map((i) => scoreSentiment(i.text, lang).label);
    const natural = items.map((i) => baseline[lang](i.text));
    const detected = items.map((i) => scoreSentiment(i.text, null).label);
    rows[file] = { ours: evaluate(gold, ours), natural: evaluate(gold, natural), detected: evaluate(gold, detected) };
    const p = pooledInput.get(lang) ?? { gold: [], ours: [], natural: [], detected: [] };
    p.gold.push(...gold);
    p.ours.push(...ours);
    p.natural.push(...natural);
    p.detected.push(...detected);
    pooledInput.set(lang, p);
  }
  const pooledRows = Object.fromEntries(
    [...pooledInput].map(([lang, p]) => [
      lang,
      { ours: evaluate(p.gold, p.ours), natural: evaluate(p.gold, p.natural), detected: evaluate(p.gold, p.detected) },
    ]),
  ) as Record<string, Row>;

  const texts = files.flatMap((f) => f.items.map((i) => ({ text: i.text, lang: f.lang })));
  const postsPerSecond = throughput(texts, (text, lang) => scoreSentiment(text, lang));
  const naturalPostsPerSecond = throughput(texts, (text, lang) => baseline[lang as Language](text));

  if (args.json) {
    const pick = (r: Record<string, Row>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.ours]));
    const pickNatural = (r: Record<string, Row>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v.natural]));
    console.log(
      JSON.stringify({
        pooled: pick(pooledRows),
        files: pick(rows),
        postsPerSecond,
        natural: { pooled: pickNatural(pooledRows), files: pickNatural(rows), postsPerSecond: naturalPostsPerSecond },
        detectedLanguage: { pooled: Object.fromEntries(Object.entries(pooledRows).map(([k, v]) => [k, v.detected])) },
      }),
    );
    return;
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`sentiment benchmark: ${args.data}\n${new Date().toISOString().slice(0, 10)}, ${cpu}, node ${process.version}\n`);
  console.log('| data | n | campanile acc | campanile macro-F1 | natural acc | natural macro-F1 | campanile, language detected: macro-F1 |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const line = (name: string, r: Row) =>
    console.log(
      `| ${name} | ${r.ours.n} | ${r.ours.accuracy.toFixed(3)} | ${r.ours.macroF1.toFixed(3)} | ${r.natural.accuracy.toFixed(3)} | ${r.natural.macroF1.toFixed(3)} | ${r.detected.macroF1.toFixed(3)} |`,
    );
  for (const [file, r] of Object.entries(rows)) line(file, r);
  for (const [lang, r] of Object.entries(pooledRows)) line(`**${lang} pooled**`, r);
  console.log('\nconfusion, language as declared (rows gold, columns predicted: positive / neutral / negative):');
  for (const [lang, p] of pooledInput) {
    const m = confusion(p.gold, p.ours);
    console.log(`  ${lang}: ${m.map((row, i) => `${LABELS[i]} ${row.join(' / ')}`).join('; ')}`);
  }
  console.log(
    `\nthroughput, one core: campanile ${postsPerSecond.toLocaleString('en')} posts/s; natural ${naturalPostsPerSecond.toLocaleString('en')} posts/s`,
  );
}

main();
