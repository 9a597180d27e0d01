import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { createHttpClient } from '../../src/http/client.js';
import { postSnapshotWebhook } from '../../src/leaderboard/sinks.js';
import type { Snapshot } from '../../src/leaderboard/snapshot.js';
import { scrubSecrets } from '../../src/secrets.js';
import { memoryLogger } from '../helpers/log.js';

const TOKEN = 'AAAAxq7Rk2ZpVb9Lm3NcWd8YtE1uJf0Hs';
const APP_PASSWORD = 'k2m4-p7q9-x3z5-w8v6';
const SLACK = 'https://hooks.slack.test/services/T01ABCDEF/B02GHIJKL/q8W3e5R7t9Y1u3I5o7P9a1S3';
const SNAPSHOT_HOOK = 'https://sink.test/hooks/leaderboard?token=9f8e7d6c5b4a39281706';

const LITERAL_SECRETS_YAML = `campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: x, bearerToken: "${TOKEN}", schedule: "*/15 * * * *" }
      - { platform: bluesky, identifier: comune.test, appPassword: "${APP_PASSWORD}", schedule: "*/5 * * * *" }
    challenge: { start: "2026-06-01", end: "2026-06-30", webhook: "${SNAPSHOT_HOOK}" }
    alerts: { slackWebhook: "${SLACK}", webhook: { url: "https://alerts.test/in", secret: "\${ALERT_SIGNING_SECRET}" } }
`;

describe('secrets are redacted wherever they came from', () => {
  it('collects every secret-typed field, written literally in the YAML or taken from the environment', () => {
    const { secrets } = parseConfigText(LITERAL_SECRETS_YAML, 'campaigns.yaml', { ALERT_SIGNING_SECRET: 'sign-with-this-0123456789' });
    expect(secrets).toEqual(expect.arrayContaining([TOKEN, APP_PASSWORD, SLACK, SNAPSHOT_HOOK, 'sign-with-this-0123456789']));

    const { log, text } = memoryLogger(secrets);
    log.error({ body: `bad token ${TOKEN}`, hook: SLACK, login: { appPassword: APP_PASSWORD } }, `calling ${SNAPSHOT_HOOK}`);
    for (const value of [TOKEN, APP_PASSWORD, SLACK, SNAPSHOT_HOOK, 'q8W3e5R7t9Y1u3I5o7P9a1S3', '9f8e7d6c5b4a39281706']) expect(text()).not.toContain(value);
  });

  it('matches encoded forms and the fragment a cut leaves behind', () => {
    const password = 'p@ss w/rd+1234567';
    const encoded = `login failed for password=${encodeURIComponent(password)}`;
    const formEncoded = `body: ${new URLSearchParams({ password }).toString()}`;
    const cutBody = `{"error":"invalid token ${TOKEN}"}`.slice(0, 40);
    const cutStart = `…${TOKEN.slice(12)}"} from upstream`;
    for (const text of [encoded, formEncoded, cutBody, cutStart]) {
      const scrubbed = scrubSecrets(text, [password, TOKEN]);
      expect(scrubbed).toContain('[redacted]');
      expect(scrubbed).not.toMatch(/p%40ss|p@ss|AAAAxq7R|Vb9Lm3Nc|1uJf0Hs/);
    }
    expect(scrubSecrets('https://hooks.slack.test/services is up', [SLACK])).toBe('https://hooks.slack.test/services is up');
  });
});

describe('the snapshot webhook', () => {
  const server = setupServer();
  beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
  afterEach(() => server.resetHandlers());
  afterAll(() => server.close());
  const snapshot = { challenge: { id: 'giugno' } } as Snapshot;

  it('is logged as its origin only, sent or failed', async () => {
    const { secrets } = parseConfigText(LITERAL_SECRETS_YAML, 'campaigns.yaml', { ALERT_SIGNING_SECRET: 'sign-with-this-0123456789' });
    const { log, text } = memoryLogger(secrets);
    server.use(http.post('https://sink.test/hooks/leaderboard', () => HttpResponse.json({ ok: true })));
    await postSnapshotWebhook(createHttpClient(), SNAPSHOT_HOOK, snapshot, log);
    server.use(http.post('https://sink.test/hooks/leaderboard', () => HttpResponse.text('nope', { status: 400 })));
    await postSnapshotWebhook(createHttpClient(), SNAPSHOT_HOOK, snapshot, log);
    expect(text()).toContain('https://sink.test');
    expect(text()).not.toContain('/hooks/leaderboard');
    expect(text()).not.toContain('9f8e7d6c5b4a39281706');
  });
});
