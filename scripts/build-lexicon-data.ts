/**
 * npm run lexicons:data — writes src/analysis/sentiment/lexicon-data/*.json from the installed
 * lexicon packages (see scripts/lexicon-data.ts).
 */
import { writeFileSync } from 'node:fs';
import { lexiconData, serializeLexiconData } from './lexicon-data.js';

for (const [file, data] of Object.entries(lexiconData())) writeFileSync(`src/analysis/sentiment/lexicon-data/${file}.json`, serializeLexiconData(data));
