import type { z } from 'zod';
import { json, type Reply } from './server.js';

/** 400 naming each bad query parameter (or body field) and what was wrong with it. */
export function queryErrorReply(error: z.ZodError, what: 'query' | 'body' = 'query'): Reply {
  const issues = error.issues.map((issue) => {
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const param = keys.length > 0 ? keys.join(', ') : issue.path.map(String).join('.') || '(query)';
    const message = issue.code === 'unrecognized_keys' ? `unknown parameter${keys.length > 1 ? 's' : ''}` : issue.message;
    return { param, message };
  });
  return json(400, { error: `invalid ${what}: ${issues.map((i) => `${i.param}: ${i.message}`).join('; ')}`, issues });
}
