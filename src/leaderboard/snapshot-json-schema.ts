import { z } from 'zod';
import { SNAPSHOT_SCHEMA_VERSION, snapshotSchema } from './snapshot.js';

export const SNAPSHOT_JSON_SCHEMA_PATH = 'schema/snapshot.schema.json';

/** The snapshot's JSON Schema, as published in the repository (generated, never edited by hand). */
export function snapshotJsonSchemaText(): string {
  return jsonSchemaText(snapshotSchema, `https://campanile.dev/schema/snapshot.v${SNAPSHOT_SCHEMA_VERSION}.json`, 'Campanile leaderboard snapshot');
}

/** A zod schema as a published JSON Schema file's text. */
export function jsonSchemaText(schema: z.ZodType, id: string, title: string): string {
  return `${JSON.stringify({ ...z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'output' }), $id: id, title }, null, 2)}\n`;
}
