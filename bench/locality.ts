/**
 * npm run bench:locality [-- --data DIR] [--json] [--misses]
 *
 * Without --data: attributes the labelled posts of test/fixtures/locality/posts.jsonl (the
 * project's own campaigns) and prints precision and recall per attribution method.
 *   precision(m) = correct attributions by m / attributions by m
 *   recall(m)    = posts labelled m attributed to the right town (by any method) / posts labelled m
 *
 * With --data DIR: scores every *.jsonl of DIR (real posts, the format of
 * ../shared/data/locality/README.md) whole-country and on a region (Liguria for Italian files,
 * Occitanie for French ones) and prints
 *   {files: [{file, lang, n, modes: {country: {precision, recall, f1, noneGivenTown}, region: {...}}}], textsPerSecond}
 * (--json: that object alone; the matcher build times go to stderr). --misses lists every wrong post.
 */
import path from 'node:path';
import { localityDevBench } from './locality-dev.js';
import { formatBench, localityBench } from './locality-metrics.js';

function parseArgs(argv: string[]) {
  const i = argv.indexOf('--data');
  const data = i >= 0 ? argv[i + 1] : undefined;
  if (i >= 0 && (!data || data.startsWith('--'))) throw new Error('--data needs a directory');
  return { data: data ? path.resolve(data) : null, json: argv.includes('--json'), misses: argv.includes('--misses') };
}

const args = parseArgs(process.argv.slice(2));
if (!args.data) {
  process.stdout.write(`${formatBench(await localityBench())}\n`);
} else {
  const { result, misses, build: built } = localityDevBench(args.data);
  const build = Object.entries(built)
    .map(([lang, t]) => `${lang} ${t.wallMs} ms (CPU ${t.cpuMs} ms)`)
    .join(', ');
  if (args.json) {
    process.stdout.write(`${JSON.stringify(result)}\n`);
    process.stderr.write(`matcher build (whole country, first in process): ${build}\n`);
  } else {
    const f = (v: number | null) => (v === null ? '    -' : v.toFixed(3));
    process.stdout.write('file            lang     n  mode     precision  recall     f1  noneGivenTown\n');
    for (const file of result.files) {
      for (const [mode, s] of Object.entries(file.modes)) {
        process.stdout.write(
          `${file.file.padEnd(15)} ${file.lang.padEnd(4)} ${String(file.n).padStart(5)}  ${mode.padEnd(8)} ${f(s.precision).padStart(9)}  ${f(s.recall).padStart(6)}  ${f(s.f1).padStart(5)}  ${f(s.noneGivenTown).padStart(13)}\n`,
        );
      }
    }
    process.stdout.write(`texts per second: ${result.textsPerSecond}; matcher build: ${build}\n`);
  }
  if (args.misses) {
    for (const m of misses)
      process.stdout.write(`${m.file} ${m.mode} ${m.id} gold=${m.gold ?? '-'} got=${m.got ?? '-'} (${m.method}): ${m.text.replace(/\s+/g, ' ')}\n`);
  }
}
