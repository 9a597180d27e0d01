import { writeFile } from 'node:fs/promises';
import { SNAPSHOT_JSON_SCHEMA_PATH, snapshotJsonSchemaText } from '../src/leaderboard/snapshot-json-schema.js';
import { STATS_JSON_SCHEMA_PATH, statsJsonSchemaText } from '../src/server/stats-schema.js';

/** npm run schema:snapshot — regenerates the published JSON Schemas (snapshot, stats) from the zod schemas. */
for (const [path, text] of [
  [SNAPSHOT_JSON_SCHEMA_PATH, snapshotJsonSchemaText()],
  [STATS_JSON_SCHEMA_PATH, statsJsonSchemaText()],
] as const) {
  await writeFile(path, text, 'utf8');
  process.stdout.write(`wrote ${path}\n`);
}
