import { describe, expect, it } from 'vitest';
import { isAdminAuthorized } from '../../src/server/admin-auth.js';

describe('the admin bearer token check', () => {
  const worker = 'worker-token-0123456789abcdef';
  const operator = 'operator-token-from-env-0000';

  it("accepts the worker's own token and the operator's CAMPANILE_ADMIN_TOKEN", () => {
    expect(isAdminAuthorized(`Bearer ${worker}`, [worker, operator])).toBe(true);
    expect(isAdminAuthorized(`Bearer ${operator}`, [worker, operator])).toBe(true);
  });

  it('refuses a missing, malformed, other or prefix token, and an unset operator token', () => {
    expect(isAdminAuthorized(undefined, [worker, operator])).toBe(false);
    expect(isAdminAuthorized(worker, [worker])).toBe(false);
    expect(isAdminAuthorized('Bearer someone-else-entirely-000', [worker, operator])).toBe(false);
    expect(isAdminAuthorized(`Bearer ${worker.slice(0, -1)}`, [worker])).toBe(false);
    expect(isAdminAuthorized('Bearer ', [worker, undefined])).toBe(false);
  });
});
