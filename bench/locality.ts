/**
 * npm run bench:locality — attributes the labelled posts of test/fixtures/locality/posts.jsonl
 * and prints precision and recall per attribution method.
 *   precision(m) = correct attributions by m / attributions by m
 *   recall(m)    = posts labelled m attributed to the right town (by any method) / posts labelled m
 */
import { localityBench, formatBench } from './locality-metrics.js';

const result = await localityBench();
process.stdout.write(`${formatBench(result)}\n`);
