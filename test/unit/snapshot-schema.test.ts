import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SNAPSHOT_JSON_SCHEMA_PATH, snapshotJsonSchemaText } from '../../src/leaderboard/snapshot-json-schema.js';
import { STATS_JSON_SCHEMA_PATH, statsJsonSchemaText } from '../../src/server/stats-schema.js';

describe('published snapshot JSON Schema', () => {
  it('is current with the zod schema (run `npm run schema:snapshot` after changing it)', () => {
    expect(readFileSync(SNAPSHOT_JSON_SCHEMA_PATH, 'utf8')).toBe(snapshotJsonSchemaText());
    expect(readFileSync(STATS_JSON_SCHEMA_PATH, 'utf8')).toBe(statsJsonSchemaText());
  });
});
