/**
 * npm run gazetteer:data — writes src/analysis/locality/gazetteer-data/{it,fr,first-names}.json from the installed
 * gazetteer and word-list packages (see scripts/gazetteer-data.ts).
 */
import { writeFileSync } from 'node:fs';
import { firstNames, gazetteerData, serializeFirstNames, serializeGazetteer } from './gazetteer-data.js';

for (const id of ['it', 'fr'] as const) writeFileSync(`src/analysis/locality/gazetteer-data/${id}.json`, serializeGazetteer(gazetteerData(id)));
writeFileSync('src/analysis/locality/gazetteer-data/first-names.json', serializeFirstNames(firstNames()));
