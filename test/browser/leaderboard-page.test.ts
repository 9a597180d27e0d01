import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { upsertAccountMetric } from '../../src/db/account-metrics.js';
import { markSourceFailure } from '../../src/db/cursors.js';
import { createHttpClient } from '../../src/http/client.js';
import { publishLeaderboard } from '../../src/jobs/publish-leaderboard.js';
import type { Snapshot } from '../../src/leaderboard/snapshot.js';
import { createMetrics } from '../../src/metrics.js';
import type { HttpServer } from '../../src/server/server.js';
import { ingestAndPublish, pollTarget, startServer, townPosts } from '../helpers/challenge.js';
import { createTestDatabase, type TestDatabase } from '../helpers/db.js';
import { campaignFromYaml } from '../helpers/factories.js';
import { silentLogger } from '../helpers/log.js';
import { launchChromium } from '../helpers/chromium.js';
import { has } from '../helpers/requirements.js';

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

// A challenge with no post yet, in France, whose only source has never answered.
const quiet = campaignFromYaml(`
campaigns:
  - id: gers
    hashtags: ["#gersvillages"]
    sources:
      - { platform: mastodon, instance: "https://mastodon.test", schedule: "*/5 * * * *" }
    localities:
      extra:
        - { name: Lectoure, code: "32208", population: 3700, hashtags: ["#lectoure"] }
        - { name: Auch, code: "32013", population: 22000, hashtags: ["#auch"] }
    challenge: { title: "Villages du Gers", start: "2026-06-01", end: "2026-06-30", language: fr }
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
        campaignId: 'orgoglioliguria',
        localityId,
        platform: 'mastodon',
        handle,
        day,
        followers,
        following: followers === null ? null : 10,
        postsCount: null,
        engagementPerPost: null,
        recentPosts: null,
        missingReason: followers === null ? 'private' : null,
        fetchedAt: now(),
      });
    await metric('010025', 'comunegenova@mastodon.test', '2026-06-01', 10_000);
    await metric('010025', 'comunegenova@mastodon.test', '2026-06-11', 10_100);
    await metric('010007', 'comunecamogli@mastodon.test', '2026-06-01', 500);
    await metric('010007', 'comunecamogli@mastodon.test', '2026-06-11', 700);
    await metric('riva', 'riva@mastodon.test', '2026-06-11', null);
    // Genova's most engaging posts are hostile: a script in the text, a javascript: link.
    const hostile = [
      ...townPosts(
        1,
        { tag: 'genova', text: `${HOSTILE_POST} #orgoglioliguria #genova` },
        {
          url: 'https://example.social/@mario/1',
          authorHandle: 'mario@example.social',
          engagement: { likes: 42, reposts: 0, replies: 0, quotes: 0, views: null },
        },
      ),
      ...townPosts(
        1,
        { tag: 'genova', text: 'Che bella Genova oggi #orgoglioliguria #genova' },
        {
          url: 'javascript:window.__pwned=4',
          engagement: { likes: 7, reposts: 0, replies: 0, quotes: 0, views: null },
        },
      ),
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
    await markSourceFailure(database.db, pollTarget(quiet, []).key, now(), 'HTTP 503', null);
    await publishLeaderboard(quiet, { db: database.db, log, now, outDir: await mkdtemp(join(tmpdir(), 'campanile-out-')), http: createHttpClient() });
    ({ server, url: base } = await startServer(database.db, [campaign, quiet], { log, now, metrics: createMetrics({ now }) }));
    browser = await launchChromium();
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

  async function openPage(
    query: string,
    viewport = { width: 1920, height: 1080 },
    options = { challenge: 'orgoglioliguria', at: '2026-06-11T12:05:00Z', ready: '#standings li' },
  ) {
    const page = await browser.newPage({ viewport });
    const requests: string[] = [];
    const errors: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('pageerror', (e) => errors.push(e.message));
    await page.clock.install({ time: new Date(options.at) });
    await page.goto(`${base}/challenges/${options.challenge}${query}`);
    await page.locator(options.ready).first().waitFor();
    return { page, requests, errors };
  }

  const snapshot = async (query = '') => (await (await fetch(`${base}/v1/challenges/orgoglioliguria/leaderboard${query}`)).json()) as Snapshot;
  /** A figure as the English page shows it ("1,234.56", "54%"), as a number. */
  const figures = async (page: Page, selector: string) => (await page.locator(selector).allTextContents()).map((text) => Number(text.replace(/[,%]/g, '')));
  const twoDigits = (n: number | null | undefined) => (n === null || n === undefined ? n : Number(n.toFixed(2)));

  /** Every number the page shows, read back from the page, against the document the server answered. */
  async function expectPageShows(page: Page, doc: Snapshot) {
    const rows = page.locator('#standings li');
    expect(await rows.evaluateAll((lis) => lis.map((li) => li.getAttribute('data-locality')))).toEqual(doc.standings.map((s) => s.locality.id));
    expect(await figures(page, '#standings .score')).toEqual(doc.standings.map((s) => s.score));
    expect(await figures(page, '#standings .rank')).toEqual(doc.standings.map((s) => s.rank));
    expect(await figures(page, '#standings .fig-posts')).toEqual(doc.standings.map((s) => s.components.posts.raw));
    expect(await figures(page, '#standings .fig-per-thousand')).toEqual(
      doc.standings.flatMap((s) => (s.components.posts.perCapita === null ? [] : [twoDigits(s.components.posts.perCapita)])),
    );
    expect(await figures(page, '#standings .fig-authors')).toEqual(doc.standings.flatMap((s) => (s.components.authors.raw ? [s.components.authors.raw] : [])));

    const posts = doc.coverage.posts;
    expect(await figures(page, '#subtitle .fig-counted')).toEqual([posts?.counted]);
    expect(await figures(page, '#subtitle .fig-stored')).toEqual([posts?.stored]);
    expect(await figures(page, '#subtitle .fig-unattributed')).toEqual(posts?.unattributed ? [posts.unattributed] : []);
    expect(posts?.counted).toBe(doc.standings.reduce((n, s) => n + s.components.posts.raw, 0));

    // The chart ends where the standings are: each line's last value is the town's counted posts (per 1,000).
    const perCapita = doc.rules.perCapita;
    const legend = await page.locator('#legend li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-locality')));
    const shown = await figures(page, '#legend .fig-value');
    const last = (id: string | null) => doc.series.filter((p) => p.localityId === id).at(-1);
    expect(shown).toEqual(legend.map((id) => twoDigits(perCapita ? last(id)?.countedToDatePerCapita : last(id)?.countedToDate)));
    expect(shown).toEqual(
      legend.map((id) =>
        twoDigits(
          perCapita
            ? doc.standings.find((s) => s.locality.id === id)?.components.posts.perCapita
            : doc.standings.find((s) => s.locality.id === id)?.components.posts.raw,
        ),
      ),
    );

    const sentiment = doc.totals.sentiment;
    expect(await figures(page, '#sentiment .fig-share')).toEqual(
      [sentiment?.positiveShare, sentiment?.neutralShare, sentiment?.negativeShare].map((x) => Math.round((x ?? 0) * 100)),
    );
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

  it('shows exactly the numbers of the snapshot, in the official view and in the per-capita view', async () => {
    const { page, errors } = await openPage('?lang=en');
    await expectPageShows(page, await snapshot());
    await page.locator('#scoring-percapita').click();
    await waitForOrder(page, PER_CAPITA_ORDER);
    const perCapita = await snapshot('?scoring=perCapita');
    expect(perCapita.view).toEqual({ scoring: 'perCapita', official: false });
    await expectPageShows(page, perCapita);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says when the data is stale or incomplete, and that a challenge has no posts yet, in its own language', async () => {
    const { page, errors } = await openPage('', { width: 1280, height: 720 }, { challenge: 'gers', at: '2026-06-11T14:30:00Z', ready: '#empty:not([hidden])' });
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('#empty').textContent()).toBe('Aucune publication pour l’instant : le défi est ouvert. 2 communes en lice, toutes à zéro.');
    expect(await page.locator('#standings li').count()).toBe(0);
    expect(await page.locator('#sentiment-panel').isHidden()).toBe(true);
    expect(await page.locator('#chart-panel').isHidden()).toBe(true);
    const banner = await page.locator('#banner p').allTextContents();
    expect(banner).toEqual(['Classement figé : dernière mise à jour 11 juin, 14:00', 'Données incomplètes : ne répondent pas mastodon (jamais collectée)']);
    await page.locator('[data-lang="it"]').click();
    expect(await page.locator('#banner p').first().textContent()).toBe('Classifica ferma: ultimo aggiornamento 11 giu, 14:00');
    expect(errors).toEqual([]);
    await page.close();

    // Fresh and complete: no banner.
    const fresh = await openPage('?lang=en');
    expect(await fresh.page.locator('#banner').isHidden()).toBe(true);
    await fresh.page.close();
  });

  it('fills a screen without scrolling and pages through the towns that do not fit, colours following the town', async () => {
    const colourOf = (page: Page) =>
      page
        .locator('#standings li')
        .evaluateAll((lis) =>
          Object.fromEntries(
            lis.map((li) => [
              li.getAttribute('data-locality'),
              (li.querySelector('.name') as unknown as { style: { getPropertyValue(p: string): string } }).style.getPropertyValue('--town'),
            ]),
          ),
        );
    const sizes = async (page: Page) =>
      page.evaluate(() => {
        const doc = (
          globalThis as unknown as { document: { documentElement: { scrollHeight: number; clientHeight: number; scrollWidth: number; clientWidth: number } } }
        ).document;
        const body = (globalThis as unknown as { document: { body: unknown } }).document.body;
        const size = (globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(body).fontSize;
        return { overflowY: doc.documentElement.scrollHeight > doc.documentElement.clientHeight, fontPx: Number.parseFloat(size) };
      });

    const hd = await openPage('?screen=1&lang=en', { width: 1920, height: 1080 });
    const uhd = await openPage('?screen=1&lang=en', { width: 3840, height: 2160 });
    const hdSize = await sizes(hd.page);
    const uhdSize = await sizes(uhd.page);
    expect(hdSize.overflowY).toBe(false);
    expect(uhdSize.overflowY).toBe(false);
    expect(uhdSize.fontPx / hdSize.fontPx).toBeCloseTo(2, 1);
    expect(await hd.page.locator('#standings li:visible').count()).toBe(5);
    expect(await hd.page.locator('.controls').isVisible()).toBe(false);
    await uhd.page.close();

    // A wide, short screen: the towns that fit, then the next ones at each of the pager's intervals.
    await hd.page.setViewportSize({ width: 2560, height: 300 });
    await hd.page.locator('#pager', { hasText: /^1\/\d$/ }).waitFor();
    const pages = Number((await hd.page.locator('#pager').textContent())?.split('/')[1]);
    expect(pages).toBeGreaterThan(1);
    const seen: string[][] = [];
    for (let i = 1; i <= pages; i++) {
      expect(await hd.page.locator('#pager').textContent()).toBe(`${i}/${pages}`);
      seen.push(await hd.page.locator('#standings li:visible .name').allTextContents());
      await hd.page.clock.runFor(10_000);
    }
    expect(seen.flat()).toEqual(RAW_ORDER);
    expect(await hd.page.locator('#pager').textContent()).toBe(`1/${pages}`);
    expect((await sizes(hd.page)).overflowY).toBe(false);
    expect(hd.errors).toEqual([]);
    await hd.page.close();

    const { page } = await openPage('?lang=en');
    const raw = await colourOf(page);
    await page.locator('#scoring-percapita').click();
    await waitForOrder(page, PER_CAPITA_ORDER);
    expect(await colourOf(page)).toEqual(raw);
    expect(new Set(Object.values(raw)).size).toBe(5);
    await page.close();
  });

  it('never cuts a town name on a phone', async () => {
    const { page } = await openPage('?lang=it', { width: 360, height: 740 });
    const cut = await page
      .locator('#standings .name')
      .evaluateAll((names) =>
        names
          .filter((n) => n.scrollWidth > n.clientWidth || n.getBoundingClientRect().right > (n.closest('li')?.getBoundingClientRect().right ?? 0))
          .map((n) => n.textContent),
      );
    expect(cut).toEqual([]);
    expect(await page.locator('#standings .name').allTextContents()).toEqual(RAW_ORDER);
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
