import { writeFile } from 'node:fs/promises';
import { SNAPSHOT_JSON_SCHEMA_PATH, snapshotJsonSchemaText } from '../src/leaderboard/snapshot-json-schema.js';

/** npm run schema:snapshot — regenerates schema/snapshot.schema.json from the zod schema. */
await writeFile(SNAPSHOT_JSON_SCHEMA_PATH, snapshotJsonSchemaText(), 'utf8');
process.stdout.write(`wrote ${SNAPSHOT_JSON_SCHEMA_PATH}\n`);
