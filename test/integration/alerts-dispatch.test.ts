import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Campaign } from '../../src/config/campaigns.js';
import { insertOutbox } from '../../src/db/alerts.js';
import { claimDueAlerts, listAlerts } from '../../src/db/outbox.js';
import { createHttpClient } from '../../src/http/client.js';
import { dispatchAlerts, type DispatchDeps } from '../../src/jobs/dispatch-alerts.js';
import { makeAlertPayload } from '../helpers/alerts.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';

const SLACK = 'https://hooks.slack.test/services/T000/B000/secretpart';
const TOWN_SLACK = 'https://hooks.slack.test/services/T000/B111/townsonly';
const SINK = 'https://sink.campanile.test/alerts';
const SECRET = 'a-very-long-shared-secret';

const campaign: Campaign = campaignFromYaml(`
campaigns:
  - id: orgoglioliguria
    name: Orgoglio Liguria
    hashtags: ["#orgoglioliguria"]
    sources: [{ platform: mastodon, instance: "https://mastodon.test", schedule: "*/5 * * * *" }]
    alerts:
      slackWebhook: ${SLACK}
      slackWebhooks: { townSpike: ${TOWN_SLACK} }
      webhook: { url: ${SINK}, secret: ${SECRET} }
`);

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

describe.each(BACKENDS)('alert dispatcher (%s)', (backend) => {
  let database: TestDatabase;
  let clock: Date;
  let sleeps: number[];
  let deps: DispatchDeps;
  const signal = new AbortController().signal;
  const requests: { url: string; headers: Headers; body: string }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  beforeEach(async () => {
    await database.db.execute(sql`delete from alerts`);
    clock = new Date('2026-06-10T18:20:00Z');
    sleeps = [];
    requests.length = 0;
    deps = {
      db: database.db,
      http: createHttpClient(),
      log: silentLogger(),
      now: () => clock,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock = new Date(clock.getTime() + ms);
      },
      random: () => 0.5,
      campaigns: [campaign],
    };
  });
  afterEach(() => deps.http.close());

  /** Answers the Slack webhook with `answers` in turn (the last one repeats), recording requests. */
  function slackAnswers(url: string, ...answers: (() => Response)[]) {
    let n = 0;
    server.use(
      http.post(url, async ({ request }) => {
        requests.push({ url: request.url, headers: request.headers, body: await request.text() });
        const answer = answers[Math.min(n, answers.length - 1)] as () => Response;
        n += 1;
        return answer();
      }),
    );
  }

  async function queue(kind: 'townSpike' | 'hashtagSpike' = 'hashtagSpike', destination: 'slack' | 'webhook' = 'slack', key = 'k1') {
    const payload = makeAlertPayload({
      kind,
      series: kind === 'townSpike' ? { key: 'town:010007', label: 'Camogli' } : { key: 'hashtag:orgoglioliguria', label: '#orgoglioliguria' },
    });
    await insertOutbox(
      database.db,
      [{ idempotencyKey: key, campaignId: campaign.id, series: payload.series.key, kind, destination, bucketStart: new Date(payload.bucketStart), payload }],
      clock,
    );
  }

  const rows = () => listAlerts(database.db);
  const ok = () => new HttpResponse('ok', { status: 200 });

  it('sends a Block Kit message to Slack and records it as sent', async () => {
    slackAnswers(SLACK, ok);
    await queue();
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 1, failed: 0, retryLater: 0 });
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 1, lastError: null }]);
    const body = JSON.parse(requests[0]?.body ?? '{}') as { blocks: unknown[]; text: string };
    expect(body.blocks.length).toBeGreaterThan(2);
    expect(body.text).toContain('24 posts in the last 15 minutes for #orgoglioliguria, usually 2 at this time on a Wednesday');
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 0, failed: 0, retryLater: 0 });
    expect(requests).toHaveLength(1);
  });

  it('routes an alert kind to its own Slack webhook', async () => {
    slackAnswers(TOWN_SLACK, ok);
    await queue('townSpike');
    await dispatchAlerts(deps, signal);
    expect(requests.map((r) => r.url)).toEqual([TOWN_SLACK]);
  });

  it('escapes a hostile post so it cannot ping the channel', async () => {
    slackAnswers(TOWN_SLACK, ok);
    await queue('townSpike');
    await dispatchAlerts(deps, signal);
    const body = requests[0]?.body ?? '';
    expect(body).toContain('&lt;!channel&gt;');
    expect(body).not.toMatch(/<!channel>|<!here>|<@U024BE7LH>|<https:\/\/evil/);
    expect(body).not.toMatch(/@(channel|here)\b/);
  });

  it('waits as long as Retry-After says on 429, then sends', async () => {
    slackAnswers(SLACK, () => new HttpResponse('rate_limited', { status: 429, headers: { 'retry-after': '7' } }), ok);
    await queue();
    expect((await dispatchAlerts(deps, signal)).sent).toBe(1);
    expect(sleeps).toEqual([7000]);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('reschedules instead of holding a worker when Retry-After is long', async () => {
    slackAnswers(SLACK, () => new HttpResponse('rate_limited', { status: 429, headers: { 'retry-after': '600' } }), ok);
    await queue();
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 0, failed: 0, retryLater: 1 });
    expect(await rows()).toMatchObject([{ status: 'pending', attempts: 1, lastError: 'rate_limited', nextAttemptAt: '2026-06-10T18:30:00.000Z' }]);
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 0, failed: 0, retryLater: 0 });
    clock = new Date('2026-06-10T18:30:00Z');
    expect((await dispatchAlerts(deps, signal)).sent).toBe(1);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('retries a 500 with backoff, then sends', async () => {
    slackAnswers(SLACK, () => new HttpResponse('rollup_error', { status: 500 }), ok);
    await queue();
    expect((await dispatchAlerts(deps, signal)).sent).toBe(1);
    expect(sleeps).toHaveLength(1);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('retries a network failure (timeout, reset) like a 5xx', async () => {
    slackAnswers(SLACK, () => HttpResponse.error(), ok);
    await queue();
    expect((await dispatchAlerts(deps, signal)).sent).toBe(1);
    expect(await rows()).toMatchObject([{ status: 'sent', attempts: 2 }]);
  });

  it('keeps an alert through an hour of Slack outage and sends it once Slack is back', async () => {
    let down = true;
    let delivered = 0;
    slackAnswers(SLACK, () => {
      if (down) return new HttpResponse('service_unavailable', { status: 503 });
      delivered += 1;
      return ok();
    });
    await queue();
    const started = clock.getTime();
    // The dispatcher runs every minute for the hour Slack is down.
    while (clock.getTime() - started < 3_600_000) {
      const run = await dispatchAlerts(deps, signal);
      expect(run.sent + run.failed).toBe(0);
      clock = new Date(clock.getTime() + 60_000);
    }
    expect(await rows()).toMatchObject([{ status: 'pending', lastError: 'service_unavailable' }]);
    down = false;
    // Postponed at most 15 minutes ahead: delivered within a quarter of an hour of recovery.
    let sent = 0;
    for (let minute = 0; minute <= 15 && sent === 0; minute++) {
      sent += (await dispatchAlerts(deps, signal)).sent;
      clock = new Date(clock.getTime() + 60_000);
    }
    expect(sent).toBe(1);
    expect(await rows()).toMatchObject([{ status: 'sent' }]);
    expect(delivered).toBe(1);
    for (let i = 0; i < 5; i++) expect((await dispatchAlerts(deps, signal)).sent).toBe(0);
  });

  it('gives up on an alert that a destination has refused with 5xx for a whole day', async () => {
    slackAnswers(SLACK, () => new HttpResponse('service_unavailable', { status: 503 }));
    await queue();
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 0, failed: 0, retryLater: 1 });
    expect(await rows()).toMatchObject([{ status: 'pending', attempts: 3, lastError: 'service_unavailable' }]);
    clock = new Date(clock.getTime() + 24 * 3_600_000);
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 0, failed: 1, retryLater: 0 });
    expect(await rows()).toMatchObject([{ status: 'failed', attempts: 6 }]);
    expect(requests).toHaveLength(6);
  });

  it.each([
    [400, 'invalid_payload'],
    [404, 'no_service'],
    [410, 'channel_is_archived'],
  ])('marks a %i %s as failed with Slack’s reason and does not retry it', async (status, reason) => {
    slackAnswers(SLACK, () => new HttpResponse(reason, { status }));
    await queue();
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 0, failed: 1, retryLater: 0 });
    clock = new Date(clock.getTime() + 24 * 3_600_000);
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 0, failed: 0, retryLater: 0 });
    expect(requests).toHaveLength(1);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'failed', attempts: 1, lastError: reason });
    expect(row?.lastError).not.toContain('secretpart');
  });

  it('posts to the generic webhook with an HMAC signature over timestamp and body', async () => {
    slackAnswers(SINK, ok);
    await queue('hashtagSpike', 'webhook', 'sig-1');
    expect((await dispatchAlerts(deps, signal)).sent).toBe(1);
    const req = requests[0]!;
    const ts = req.headers.get('x-campanile-timestamp');
    expect(ts).toBe(String(Math.floor(clock.getTime() / 1000)));
    const expected = `sha256=${createHmac('sha256', SECRET).update(`${ts}.${req.body}`).digest('hex')}`;
    expect(req.headers.get('x-campanile-signature')).toBe(expected);
    expect(req.headers.get('idempotency-key')).toBe('sig-1');
    expect(JSON.parse(req.body)).toMatchObject({ type: 'campanile.alert', alert: { series: { key: 'hashtag:orgoglioliguria' }, observed: 24 } });
  });

  it('after a crash, resends what was pending or mid-send exactly once', async () => {
    slackAnswers(SLACK, ok);
    await queue('hashtagSpike', 'slack', 'a');
    await queue('hashtagSpike', 'slack', 'b');
    // A replica claims "a" and dies before sending: the claim lapses after its lease.
    expect(await claimDueAlerts(database.db, clock, 60_000, 1)).toHaveLength(1);
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 1, failed: 0, retryLater: 0 });
    clock = new Date(clock.getTime() + 61_000);
    // The restarted worker and a second replica run side by side.
    const other = { ...deps, http: createHttpClient() };
    const outcomes = await Promise.all([dispatchAlerts(deps, signal), dispatchAlerts(other, signal)]);
    await other.http.close();
    expect(outcomes.reduce((n, o) => n + o.sent, 0)).toBe(1);
    expect(await dispatchAlerts(deps, signal)).toEqual({ sent: 0, failed: 0, retryLater: 0 });
    expect(requests).toHaveLength(2);
    expect((await rows()).map((r) => r.status)).toEqual(['sent', 'sent']);
  });

  it('a second detection of the same episode stage does not queue a second alert', async () => {
    await queue('hashtagSpike', 'slack', 'same');
    await queue('hashtagSpike', 'slack', 'same');
    expect(await rows()).toHaveLength(1);
  });
});
