import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareCampaign } from '../../src/analysis/analyze.js';
import { alertPayloadSchema } from '../../src/alerts/payload.js';
import type { AlertsConfig, Campaign } from '../../src/config/campaigns.js';
import { queryRows } from '../../src/db/client.js';
import { listAlerts } from '../../src/db/outbox.js';
import { ingestWatched } from '../helpers/alerts.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml, makePost } from '../helpers/factories.js';

// Hourly buckets: a day of history (25 polls) is enough for the detector to judge.
const HOUR = 3_600_000;
const T0 = Date.parse('2026-06-08T00:00:00Z');
const SOURCE = 'orgoglioliguria/mastodon/mastodon.test';
const campaign = campaignFromYaml(`
campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources: [{ platform: mastodon, instance: "https://mastodon.test", schedule: "0 * * * *" }]
    localities:
      extra:
        - { name: Camogli, code: "010007", hashtags: ["#camogli"] }
    alerts: { webhook: { url: "https://sink.test/a" }, bucket: 1h, gapAfter: 2h, series: [towns] }
`) as Campaign & { alerts: AlertsConfig };
const analyzer = prepareCampaign(campaign);

// The alert payload keeps 2,000 characters of a post: this text puts an emoji across that cut.
const PREFIX = '#orgoglioliguria #camogli ';
const EMOJI_AT_CUT = `${PREFIX}${'a'.repeat(1999 - PREFIX.length)}😀 e poi ancora`;

describe.each(BACKENDS)('alert payload text (%s)', (backend) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
  });
  afterAll(() => database.dispose());

  async function poll(k: number, texts: string[]) {
    const pollStartedAt = new Date(T0 + k * HOUR);
    const posts = texts.map((text, i) =>
      makePost({
        text,
        hashtags: ['orgoglioliguria', 'camogli'],
        createdAt: new Date(pollStartedAt.getTime() - HOUR + 60_000 * i),
        engagement: { likes: text === EMOJI_AT_CUT ? 99 : 1, reposts: 0, replies: 0, quotes: 0, views: null },
      }),
    );
    await ingestWatched(database.db, { campaign, analyzer, sourceKey: SOURCE, posts: posts, cursor: `c${k}`, pollStartedAt });
  }

  it('stores a spike whose top post would be cut inside an emoji, and the ingest is not rolled back', async () => {
    const quiet = (k: number) => (k % 4 === 0 ? [`${PREFIX}buongiorno`] : []);
    for (let k = 1; k <= 30; k++) await poll(k, quiet(k));
    await poll(31, [EMOJI_AT_CUT, ...Array.from({ length: 24 }, (_, i) => `${PREFIX}festa ${i}`)]);
    await poll(32, quiet(32));
    await poll(33, quiet(33));

    const [stored] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from posts where text = ${EMOJI_AT_CUT}`);
    expect(stored?.n).toBe(1);
    const [cursor] = await queryRows<{ cursor: string }>(database.db, sql`select cursor from source_cursors where source_key = ${SOURCE}`);
    expect(cursor?.cursor).toBe('c33');

    const rows = await listAlerts(database.db);
    expect(rows.map((r) => r.series)).toEqual(['town:010007']);
    const [alert] = await queryRows<{ payload: unknown }>(database.db, sql`select payload from alerts where series = 'town:010007'`);
    const payload = alertPayloadSchema.parse(typeof alert?.payload === 'string' ? JSON.parse(alert.payload) : alert?.payload);
    const text = payload.topPosts[0]?.text ?? '';
    expect(text.startsWith(PREFIX)).toBe(true);
    expect(text.endsWith('a…')).toBe(true); // the emoji is dropped whole, not halved
    expect(text.isWellFormed()).toBe(true);
    expect(text.length).toBeLessThanOrEqual(2000);
  });
});
