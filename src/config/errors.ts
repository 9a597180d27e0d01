import type { z } from 'zod';

/** One line per issue: `<prefix><path>: <message>`. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues.map((issue) => `  ${prefix}${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('\n');
}
