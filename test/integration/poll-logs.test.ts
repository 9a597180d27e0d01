import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCampaign } from '../../src/analysis/analyze.js';
import { pollSummary } from '../../src/commands/poll.js';
import { mastodonSourceSchema } from '../../src/connectors/mastodon/platform.js';
import { createMastodonConnector } from '../../src/connectors/mastodon/index.js';
import { createHttpClient } from '../../src/http/client.js';
import { pollSource, type PollTarget } from '../../src/jobs/poll-source.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, LIGURIA_YAML } from '../helpers/factories.js';
import { HttpError } from '../../src/http/errors.js';
import { memoryLogger } from '../helpers/log.js';

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

const campaign = campaignFromYaml(LIGURIA_YAML);

describe.each(BACKENDS)('what a failed poll logs on %s', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    await database.dispose();
  });

  it('one line with the cause chain once, no stack, and no "poll complete" of zeros after it', async () => {
    const base = 'https://offline.test';
    server.use(http.get(`${base}/api/v1/timelines/tag/:tag`, () => HttpResponse.error()));
    const memory = memoryLogger();
    const source = mastodonSourceSchema.parse({ platform: 'mastodon', instance: base, schedule: '* * * * *' });
    const target: PollTarget = {
      key: 'orgoglioliguria/mastodon/offline.test',
      campaign,
      analyzer: prepareCampaign(campaign),
      source,
      connector: createMastodonConnector(source, { http: createHttpClient(), log: memory.log, now: () => new Date(), sleep: async () => {} }),
    };
    const outcome = await pollSource(target, { db: database.db, log: memory.log, now: () => new Date() }, new AbortController().signal);
    expect(outcome.status).toBe('failed');

    const lines = memory.lines().map((l) => JSON.parse(l) as { msg: string; err?: { message: string; stack?: string } });
    expect(lines.map((l) => l.msg)).toEqual(['poll failed: will retry']);
    const err = lines[0]?.err;
    expect(err?.stack).toBeUndefined();
    expect(err?.message).toMatch(/^request failed: /);
    expect(memory.text().length).toBeLessThan(600);

    expect(pollSummary([{ key: target.key, outcome }], 1)).toBe(
      `polled 1 source: 0 ok, 1 failed; 0 fetched, 0 new, 0 re-seen, 0 quarantined; 1 snapshot written — ${target.key}: ${outcome.error}`,
    );
  });
});

describe('an error in a log line', () => {
  it('carries each cause once, and a stack only when it is not an expected HTTP failure', () => {
    const memory = memoryLogger();
    const dns = new Error('getaddrinfo ENOTFOUND mastodon.uno');
    const fetchFailed = new TypeError('fetch failed', { cause: dns });
    memory.log.warn(
      {
        err: new HttpError('transient', 'request failed: ENOTFOUND', {
          url: 'https://mastodon.uno/x?access_token=abcdef',
          cause: fetchFailed,
          reason: 'enotfound',
        }),
      },
      'poll failed: will retry',
    );
    memory.log.error({ err: new Error('relation "posts" does not exist', { cause: new Error('relation "posts" does not exist') }) }, 'job failed');
    const [http, internal] = memory.lines().map((l) => (JSON.parse(l) as { err: Record<string, unknown> }).err);
    expect(http).toEqual({
      type: 'HttpError',
      message: 'request failed: ENOTFOUND: fetch failed: getaddrinfo ENOTFOUND mastodon.uno',
      kind: 'transient',
      reason: 'enotfound',
      url: 'https://mastodon.uno/x?access_token=redacted',
    });
    expect(internal?.message).toBe('relation "posts" does not exist');
    expect(internal?.stack).toEqual(expect.stringContaining('poll-logs.test.ts'));
    expect(String(internal?.stack)).not.toContain('\n');
  });
});
