import type { z } from 'zod';

/** One line per issue: `<prefix><path>: <message>`. */
export function formatZodIssues(issues: readonly z.core.$ZodIssue[], prefix = ''): string {
  return issues.map((issue) => `  ${prefix}${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`).join('\n');
}

/*
 * A campaign file's problems, each with its place. Here, apart from load.ts which finds them, so
 * that code that only reports them (cli.ts, a thread's answer rebuilt by
 * commands/configured-sources.ts) never loads the config's schemas.
 */
export interface ConfigProblem {
  file: string;
  line: number;
  column: number;
  /** Dotted path inside the document, e.g. campaigns.0.sources.1.schedule */
  path: string;
  message: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
  }
}

export function formatProblem(p: ConfigProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.path || '(root)'}: ${p.message}`;
}
