/** Bad command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** A failure the operator fixes (the message says how): printed as is, without a stack, exit code 1. */
export class CommandError extends Error {
  override name = 'CommandError';
}
