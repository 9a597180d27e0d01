import { errorReason, serverErrorOf } from '../error-reason.js';

/** A write the database refused, named by the table it was writing (a data error rarely says). */
export class TableWriteError extends Error {
  constructor(
    readonly table: string,
    cause: unknown,
  ) {
    super(`${errorReason(cause)} writing ${table}`, { cause });
    this.name = 'TableWriteError';
  }
}

/** Tags a write's failure with its table. */
export function writing<T>(table: string, write: Promise<T>): Promise<T> {
  return write.catch((err: unknown) => {
    throw err instanceof TableWriteError ? err : new TableWriteError(table, err);
  });
}

/**
 * SQLSTATE class 22 (data exception: a value out of range, an invalid character or date) and 23
 * (integrity constraint): the row is at fault, and writing it again will fail again. Anything
 * else (a lost connection, a deadlock, a serialization failure) may pass on the next try.
 */
export function isRowRejection(err: unknown): boolean {
  const code = serverErrorOf(err)?.code;
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}
