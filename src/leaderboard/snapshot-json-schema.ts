import { z } from 'zod';
import { SNAPSHOT_SCHEMA_VERSION, snapshotSchema } from './snapshot.js';

export const SNAPSHOT_JSON_SCHEMA_PATH = 'schema/snapshot.schema.json';

/** The snapshot's JSON Schema, as published in the repository (generated, never edited by hand). */
export function snapshotJsonSchemaText(): string {
  const schema = {
    ...z.toJSONSchema(snapshotSchema, { target: 'draft-2020-12', io: 'output' }),
    $id: `https://campanile.dev/schema/snapshot.v${SNAPSHOT_SCHEMA_VERSION}.json`,
    title: 'Campanile leaderboard snapshot',
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
