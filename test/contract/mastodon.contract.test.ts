import { describe, expect, it } from 'vitest';
import { classifyMastodonError } from '../../src/connectors/mastodon/index.js';
import { normalizeMastodonStatus } from '../../src/connectors/mastodon/normalize.js';
import { mastodonStatusSchema } from '../../src/connectors/mastodon/schema.js';
import { HttpError, kindForStatus } from '../../src/http/errors.js';
import { announceContract, expectCountablePost, expectedKind, statusOfErrorFile } from '../helpers/contract.js';
import { recordedFixtures } from '../helpers/platform-fixtures.js';

const available = announceContract('mastodon');
const files = recordedFixtures('mastodon');
const now = new Date('2026-08-01T13:50:00Z');

const isStatus = (v: unknown) => typeof v === 'object' && v !== null && 'uri' in v && 'account' in v && 'content' in v;

describe.skipIf(!available)('mastodon connector against recorded responses', () => {
  it('finds recorded responses', () => expect(files.length).toBeGreaterThan(0));

  for (const f of files) {
    const status = statusOfErrorFile(f.file);
    if (status !== undefined) {
      it(`${f.file}: maps to a ${expectedKind(status)} error, whatever the language of its message`, () => {
        const err = classifyMastodonError({ status, headers: new Headers(), text: f.raw }, now) ?? new HttpError(kindForStatus(status), `HTTP ${status}`);
        expect(err.kind).toBe(expectedKind(status));
        if (status === 401) expect(err.message).toMatch(/accessToken/);
      });
      continue;
    }
    const body = f.body;
    const statuses = Array.isArray(body) ? body : isStatus(body) ? [body] : body && typeof body === 'object' && Array.isArray((body as { statuses?: unknown }).statuses) ? (body as { statuses: unknown[] }).statuses : null;
    if (statuses && statuses.every(isStatus)) {
      it(`${f.file}: ${statuses.length} status(es) normalize with ids, authors, times and counts`, () => {
        for (const item of statuses) {
          const result = normalizeMastodonStatus(item);
          if (result.kind === 'skip') continue;
          expectCountablePost(result);
          if (result.kind === 'post') {
            expect(result.post.externalId).toBe((item as { uri: string }).uri);
            expect(result.post.text).not.toMatch(/<\/?(p|a|span|br)\b/);
          }
        }
      });
    } else {
      it(`${f.file}: not a status or a timeline page (stream frame, trend, edit history): the poller's schema rejects its items`, () => {
        const items = Array.isArray(body) ? body : [body];
        expect(items.some((i) => mastodonStatusSchema.safeParse(i).success)).toBe(false);
      });
    }
  }
});
