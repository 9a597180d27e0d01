import { describe, expect, it } from 'vitest';
import { errorReason, serializeError } from '../../src/error-reason.js';
import { HttpError } from '../../src/http/errors.js';

describe('error reasons for storage and logs', () => {
  it('bounds a long message to one line', () => {
    const reason = errorReason(new Error(`upstream said:\n${'x'.repeat(10_000)}`));
    expect(reason.length).toBeLessThanOrEqual(400);
    expect(reason).not.toContain('\n');
  });

  it("keeps an HTTP error's small details in the log, bounded", () => {
    const err = new HttpError('permanent', 'HTTP 401 from https://api.test/x', {
      url: 'https://api.test/x',
      status: 401,
      reason: 'http_401',
      cause: new Error('inner'),
    });
    expect(serializeError(err)).toEqual({
      type: 'HttpError',
      message: 'HTTP 401 from https://api.test/x: inner',
      kind: 'permanent',
      status: 401,
      reason: 'http_401',
      url: 'https://api.test/x',
    });
  });
});
