import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upsertAccountMetric } from '../../src/db/account-metrics.js';
import { createMetrics } from '../../src/metrics.js';
import type { HttpServer } from '../../src/server/server.js';
import { ingestAndPublish, startServer, townPosts } from '../helpers/challenge.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';
import { CHROMIUM, has } from '../helpers/requirements.js';

const ARTIFACTS = 'test-artifacts';
const HOSTILE_TOWN = 'Riva <img src=x onerror="window.__pwned=1">';
const HOSTILE_POST = '<script>window.__pwned=2</script><b>Forza</b> Zena! <img src=x onerror="window.__pwned=3">';

const campaign = campaignFromYaml(`
campaigns:
  - id: orgoglioliguria
    hashtags: ["#orgoglioliguria"]
    sources:
      - { platform: mastodon, instance: "https://mastodon.test", schedule: "*/5 * * * *" }
    localities:
      extra:
        - { name: Genova, code: "010025", population: 586180, hashtags: ["#genova"], accounts: { mastodon: "comunegenova@mastodon.test" } }
        - { name: Rapallo, code: "010046", population: 29226, hashtags: ["#rapallo"] }
        - { name: Camogli, code: "010007", population: 5481, hashtags: ["#camogli"], accounts: { mastodon: "comunecamogli@mastodon.test" } }
        - { name: '${HOSTILE_TOWN}', id: riva, population: 50000, hashtags: ["#riva"], accounts: { mastodon: "riva@mastodon.test" } }
        - { name: Sestri Levante, code: "010059", population: 18172, hashtags: ["#sestrilevante"] }
    challenge: { title: "#orgoglioliguria — giugno", start: "2026-06-01", end: "2026-06-30", perCapita: false, populationFloor: 0, dedupeTexts: false }
`);

const RAW_ORDER = ['Genova', 'Rapallo', 'Camogli', HOSTILE_TOWN, 'Sestri Levante'];
// Posts per 1,000 inhabitants: Camogli 0.55, Rapallo 0.14, Sestri Levante 0.06, Riva 0.04, Genova 0.01.
const PER_CAPITA_ORDER = ['Camogli', 'Rapallo', 'Sestri Levante', HOSTILE_TOWN, 'Genova'];

describe.skipIf(!has('chromium'))('leaderboard page in Chromium', () => {
  let database: TestDatabase;
  let server: HttpServer;
  let base: string;
  let browser: Browser;
  const log = silentLogger();
  const now = () => new Date('2026-06-11T12:00:00Z');

  beforeAll(async () => {
    database = await createTestDatabase('pglite');
    // Official accounts: Genova is large and grows 1 %, Camogli small and grows 40 %, Riva's is private.
    const metric = (localityId: string, handle: string, day: string, followers: number | null) =>
      upsertAccountMetric(database.db, {
        campaignId: 'orgoglioliguria', localityId, platform: 'mastodon', handle, day, followers, following: followers === null ? null : 10,
        postsCount: null, engagementPerPost: null, recentPosts: null, missingReason: followers === null ? 'private' : null, fetchedAt: now(),
      });
    await metric('010025', 'comunegenova@mastodon.test', '2026-06-01', 10_000);
    await metric('010025', 'comunegenova@mastodon.test', '2026-06-11', 10_100);
    await metric('010007', 'comunecamogli@mastodon.test', '2026-06-01', 500);
    await metric('010007', 'comunecamogli@mastodon.test', '2026-06-11', 700);
    await metric('riva', 'riva@mastodon.test', '2026-06-11', null);
    // Genova's most engaging posts are hostile: a script in the text, a javascript: link.
    const hostile = [
      ...townPosts(1, { tag: 'genova', text: `${HOSTILE_POST} #orgoglioliguria #genova` }, {
        url: 'https://example.social/@mario/1',
        authorHandle: 'mario@example.social',
        engagement: { likes: 42, reposts: 0, replies: 0, quotes: 0, views: null },
      }),
      ...townPosts(1, { tag: 'genova', text: 'Che bella Genova oggi #orgoglioliguria #genova' }, {
        url: 'javascript:window.__pwned=4',
        engagement: { likes: 7, reposts: 0, replies: 0, quotes: 0, views: null },
      }),
    ];
    await ingestAndPublish(
      database.db,
      campaign,
      [
        {
          items: [
            ...hostile,
            ...townPosts(4, { tag: 'genova' }),
            ...townPosts(4, { tag: 'rapallo' }),
            ...townPosts(3, { tag: 'camogli' }),
            ...townPosts(2, { tag: 'riva' }),
            ...townPosts(1, { tag: 'sestrilevante', text: 'Giornata orribile, che tristezza #orgoglioliguria #sestrilevante' }),
          ],
          cursor: 'c1',
        },
      ],
      { log, now },
    );
    ({ server, url: base } = await startServer(database.db, [campaign], { log, now, metrics: createMetrics({ now }) }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await database?.dispose();
  });

  const townNames = (page: Page) => page.locator('#standings .name').allTextContents();
  const waitForOrder = (page: Page, names: string[]) =>
    page.waitForFunction((expected) => {
      // Runs in the page; this file is compiled without the DOM library, hence the narrow type.
      const doc = (globalThis as unknown as { document: { querySelectorAll(s: string): Iterable<{ textContent: string | null }> } }).document;
      return JSON.stringify([...doc.querySelectorAll('#standings .name')].map((n) => n.textContent)) === JSON.stringify(expected);
    }, names);

  async function openPage(query: string, viewport = { width: 1920, height: 1080 }) {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.clock.install({ time: new Date('2026-06-11T12:05:00Z') });
    await page.goto(`${base}/challenges/orgoglioliguria${query}`);
    await page.locator('#standings li').first().waitFor();
    return { page, requests, errors };
  }

  it('shows the towns in rank order, hostile strings as text, English labels, nothing from elsewhere', async () => {
    const { page, requests, errors } = await openPage('?lang=en');
    expect(await townNames(page)).toEqual(RAW_ORDER);
    expect(await page.locator('#standings .rank').allTextContents()).toEqual(['1', '2', '3', '4', '5']);
    expect(await page.locator('#standings-heading').textContent()).toBe('Standings');
    expect(await page.locator('#scoring-raw').getAttribute('aria-pressed')).toBe('true');

    expect(await page.locator('#posts .text').first().textContent()).toBe(`${HOSTILE_POST} #orgoglioliguria #genova`);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('main img, main script, main b').count()).toBe(0);
    expect(await page.locator('#posts a').evaluateAll((links) => links.map((a) => a.getAttribute('href')))).toEqual(['https://example.social/@mario/1']);
    expect(await page.locator('#chart path').count()).toBe(5);

    await page.screenshot({ path: `${ARTIFACTS}/leaderboard.png` });
    expect(errors).toEqual([]);
    expect(requests.filter((u) => !u.startsWith(`${base}/`))).toEqual([]);
    await page.close();
  });

  it('reorders by per-capita score when toggled, and back to the official standings', async () => {
    const { page, errors } = await openPage('?lang=it');
    expect(await page.locator('#standings-heading').textContent()).toBe('Classifica');
    await page.locator('#scoring-percapita').click();
    await waitForOrder(page, PER_CAPITA_ORDER);
    expect(await page.locator('#scoring-percapita').getAttribute('aria-pressed')).toBe('true');
    expect(page.url()).toContain('scoring=perCapita');
    await page.locator('#scoring-raw').click();
    await waitForOrder(page, RAW_ORDER);
    expect(page.url()).not.toContain('scoring=');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the attrattiva digitale ranking in its own tab, missing data as missing', async () => {
    const { page, errors } = await openPage('?lang=en');
    expect(await page.locator('#reach-main').isHidden()).toBe(true);
    await page.locator('#tab-reach').click();
    await page.locator('#reach li').first().waitFor();
    expect(await page.locator('#hashtags-main').isHidden()).toBe(true);
    expect(await page.locator('#tab-reach').textContent()).toBe('Digital reach');
    expect(await page.locator('#reach .name').allTextContents()).toEqual(['Camogli', 'Genova', HOSTILE_TOWN]);
    expect(await page.locator('#reach .rank').allTextContents()).toEqual(['1', '2', '–']);
    expect(await page.locator('#reach .growth').allTextContents()).toEqual(['+40.0%', '+1.0%', '–']);
    expect(await page.locator('#reach li').nth(2).locator('.accounts').textContent()).toBe('Mastodon – (private account)');
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(page.url()).toContain('tab=reach');
    await page.screenshot({ path: `${ARTIFACTS}/leaderboard-reach.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('refreshes itself from the JSON endpoint when a new snapshot is published', async () => {
    const { page } = await openPage('?lang=en&refresh=30');
    expect(await townNames(page)).toEqual(RAW_ORDER);
    await ingestAndPublish(database.db, campaign, [{ items: townPosts(8, { tag: 'sestrilevante' }), cursor: 'c2' }], {
      log,
      now: () => new Date('2026-06-11T12:10:00Z'),
    });
    await page.clock.runFor(31_000);
    await waitForOrder(page, ['Sestri Levante', 'Genova', 'Rapallo', 'Camogli', HOSTILE_TOWN]);
    expect(await page.locator('#standings .change').first().textContent()).toBe('▲4');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${ARTIFACTS}/leaderboard-phone.png`, fullPage: true });
    await page.close();
  });
});
