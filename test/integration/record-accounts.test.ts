import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProfileFetchers } from '../../src/accounts/index.js';
import { readAccountMetrics } from '../../src/db/account-metrics.js';
import { publishLeaderboard } from '../../src/jobs/publish-leaderboard.js';
import { recordAccounts } from '../../src/jobs/record-accounts.js';
import { snapshotSchema } from '../../src/leaderboard/snapshot.js';
import { startMastodonSimulator, type MastodonSimulator } from '../../src/simulator/mastodon.js';
import { createSimProfiles } from '../../src/simulator/profiles.js';
import { startXSimulator, type XSimulator } from '../../src/simulator/x.js';
import { connectorDeps } from '../helpers/connector.js';
import { BACKENDS, createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';

const never = new AbortController().signal;
// 05:00 UTC is 07:00 in Rome: the recorded day is the calendar day.
const at = (day: string) => () => new Date(`${day}T05:00:00Z`);

describe.each(BACKENDS)('record-accounts job on %s', (backend) => {
  let database: TestDatabase;
  let mastodon: MastodonSimulator;
  let x: XSimulator;
  const profiles = createSimProfiles('2026-06-01');

  beforeAll(async () => {
    database = await createTestDatabase(backend);
    mastodon = await startMastodonSimulator({ profiles });
    x = await startXSimulator({ profiles });
  });
  afterAll(async () => {
    await Promise.all([mastodon?.close(), x?.close()]);
    await database?.dispose();
  });

  const campaign = () =>
    campaignFromYaml(`
campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, id: sim-m, instance: "${mastodon.url}", schedule: "*/5 * * * *" }
      - { platform: x, id: sim-x, apiBase: "${x.url}", bearerToken: "${x.token}", schedule: "*/5 * * * *" }
    localities:
      extra:
        - { name: Genova, code: "010025", population: 586180, accounts: { mastodon: "@comunegenova@mastodon.sim", x: comunegenova } }
        - { name: Camogli, code: "010007", population: 5481, accounts: { mastodon: "@comunecamogli@mastodon.sim", x: comunecamogli } }
        - { name: Portofino, code: "010044", population: 394, accounts: { x: comuneportofino } }
    challenge: { start: "2026-06-01", end: "2026-06-30" }
    accounts:
      windowDays: 14
      credentials: { mastodon: sim-m, x: sim-x }
`);

  it('records one row per account and day, idempotently, missing accounts as missing, then ranks the towns in the snapshot', async () => {
    const c = campaign();
    const log = silentLogger();
    const fetchers = createProfileFetchers(c, connectorDeps().deps);
    for (const day of ['2026-06-01', '2026-06-08', '2026-06-15']) {
      profiles.setDay(day);
      const outcome = await recordAccounts(c, { db: database.db, log, now: at(day), fetchers }, never);
      expect(outcome).toEqual({ day, accounts: 5, recorded: 4, missing: 1 });
    }
    // A second run the same day refreshes the day's rows; a failed read does not erase them.
    mastodon.injectFaults({ status: 503, body: '{}' }, { status: 503, body: '{}' }, { status: 503, body: '{}' }, { status: 503, body: '{}' });
    const rerun = await recordAccounts(c, { db: database.db, log, now: at('2026-06-15'), fetchers: { ...fetchers } }, never);
    expect(rerun).toEqual({ day: '2026-06-15', accounts: 5, recorded: 3, missing: 2 });

    const rows = await readAccountMetrics(database.db, 'orgoglioliguria', '2026-06-01', '2026-06-30');
    expect(rows).toHaveLength(15);
    const genova = rows.filter((r) => r.localityId === '010025' && r.platform === 'mastodon');
    // 12,000 followers on the epoch day, +9 a day.
    expect(genova.map((r) => [r.day, r.followers, r.missingReason])).toEqual([
      ['2026-06-01', 12_000, null],
      ['2026-06-08', 12_063, null],
      ['2026-06-15', 12_126, null],
    ]);
    expect(genova[2]?.engagementPerPost).toBeGreaterThan(0);
    const portofino = rows.filter((r) => r.localityId === '010044');
    expect(portofino.map((r) => [r.followers, r.missingReason])).toEqual([
      [null, 'not_found'],
      [null, 'not_found'],
      [null, 'not_found'],
    ]);

    const snapshot = await publishLeaderboard(c, {
      db: database.db,
      log,
      now: at('2026-06-15'),
      outDir: await mkdtemp(join(tmpdir(), 'campanile-out-')),
      http: connectorDeps().deps.http,
    });
    expect(snapshotSchema.parse(snapshot).accounts).toBeDefined();
    const ranking = snapshot?.accounts?.ranking ?? [];
    expect(ranking.map((t) => [t.rank, t.locality.name])).toEqual([
      [1, 'Camogli'],
      [2, 'Genova'],
      [null, 'Portofino'],
    ]);
    expect(ranking[0]?.figures.growth).toEqual({ absolute: 294, relative: 0.245, days: 14 });
    expect(ranking[2]?.accounts).toEqual([
      {
        platform: 'x',
        handle: 'comuneportofino',
        day: null,
        followers: null,
        following: null,
        posts: null,
        engagementPerPost: null,
        followerGrowth: null,
        missing: 'not_found',
      },
    ]);
    expect(snapshot?.accounts?.window).toEqual({ from: '2026-06-01', to: '2026-06-15', days: 14, timezone: 'Europe/Rome' });
  });
});
