/**
 * A process that analyses one page on an analysis pool, then, per argv[2]:
 * - "idle": does nothing more and never closes the pool (it must still exit by itself);
 * - "signal": keeps running until SIGINT or SIGTERM, which it leaves to Node's default handling.
 * Prints "analysed N" once the page is done.
 */
import { createAnalysisPool } from '../../src/analysis/pool.js';
import { campaignFromYaml, LIGURIA_YAML, makePost } from './factories.js';

const pool = createAnalysisPool(2);
const matches = await pool.analyze(campaignFromYaml(LIGURIA_YAML), [makePost({ text: 'Tramonto a Camogli #orgoglioliguria', hashtags: ['orgoglioliguria'] })]);
process.stdout.write(`analysed ${matches.filter((m) => m !== null).length}\n`);
if (process.argv[2] === 'signal') setInterval(() => {}, 60_000);
