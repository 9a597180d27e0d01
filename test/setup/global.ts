import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { inCi, missingRequirements } from '../helpers/requirements.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A migrated, empty PGlite data dir (tar): test databases start from it instead of running initdb and every migration. */
    pgliteTemplate: string;
  }
}

/** With CI=true a suite that would skip fails the run instead, before any test starts. */
function refuseSkipsInCi(): void {
  const missing = missingRequirements();
  if (inCi() && missing.length > 0) {
    throw new Error(`CI=true and the suite would skip parts of itself:\n${missing.map((m) => `  - ${m}`).join('\n')}`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  refuseSkipsInCi();
  const database = await openDatabase({ memory: true });
  await database.migrate();
  const dump = await (database.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
  await database.close();
  const dir = await mkdtemp(join(tmpdir(), 'campanile-test-'));
  const file = join(dir, 'pglite-template.tar');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  return () => rm(dir, { recursive: true, force: true });
}
