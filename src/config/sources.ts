import { z } from 'zod';
import { PLATFORM_LIST, sourceSchemas } from '../connectors/registry.js';

/** One entry of a campaign's `sources:`; each platform's schema lives in its folder (connectors/<platform>/platform.ts). */
export const sourceSchema = z.discriminatedUnion('platform', sourceSchemas, {
  error: (issue) => (issue.code === 'invalid_union' ? `unknown platform: expected one of ${PLATFORM_LIST.map((p) => `"${p.name}"`).join(', ')}` : undefined),
});

export type SourceConfig = z.infer<typeof sourceSchema>;
