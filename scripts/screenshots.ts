import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sourceKey } from '../src/connectors/index.js';
import { loadConfigFile } from '../src/config/load.js';
import { openDatabase } from '../src/db/client.js';
import { runDemo } from '../src/demo.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { createHttpServer } from '../src/server/server.js';
import { launchChromium } from '../test/helpers/chromium.js';

/**
 * npm run screenshots — runs the offline demo into a temporary directory, serves its database on
 * 127.0.0.1, and photographs the leaderboard page with Chromium (CHROMIUM_PATH, default
 * /usr/bin/chromium) for the README: the event screen at 1920×1080 and the page on a phone.
 */
const OUT = 'docs/images';
// SCREENSHOTS_ALL=1 adds the sizes to look at before changing the layout (not for the README).
const EXTRA =
  process.env.SCREENSHOTS_ALL === '1'
    ? [
        { file: 'check-screen-1280x720.png', query: '?screen=1&lang=fr', viewport: { width: 1280, height: 720 }, fullPage: false },
        { file: 'check-screen-3840x2160.png', query: '?screen=1&lang=en', viewport: { width: 3840, height: 2160 }, fullPage: false },
        { file: 'check-page-1920x1080.png', query: '?lang=en', viewport: { width: 1920, height: 1080 }, fullPage: false },
      ]
    : [];
const SHOTS = [
  { file: 'leaderboard-screen-1920x1080.png', query: '?screen=1&lang=it', viewport: { width: 1920, height: 1080 }, fullPage: false },
  { file: 'leaderboard-phone.png', query: '?lang=it', viewport: { width: 390, height: 844 }, fullPage: true },
  ...EXTRA,
];

const work = await mkdtemp(join(tmpdir(), 'campanile-shots-'));
process.env.CAMPANILE_DATA_DIR = join(work, 'data');
process.env.CAMPANILE_OUT_DIR = join(work, 'out');
process.env.LOG_LEVEL ??= 'warn';
try {
  if ((await runDemo([])) !== 0) throw new Error('the demo failed');
  // The demo's simulators are gone; the page only reads the stored snapshot.
  const sims = {
    CAMPANILE_SIM_URL: 'http://127.0.0.1:9',
    CAMPANILE_SIM_BLUESKY_URL: 'http://127.0.0.1:9',
    CAMPANILE_SIM_X_URL: 'http://127.0.0.1:9',
    CAMPANILE_SIM_X_TOKEN: 'unused',
    DEMO_START: '2026-01-01',
    DEMO_END: '2026-01-02',
  };
  const { config } = await loadConfigFile('config/demo.yaml', { ...process.env, ...sims });
  const database = await openDatabase({ dataDir: join(work, 'data', 'demo') });
  const log = createLogger({ level: 'warn' });
  const now = () => new Date();
  const server = await createHttpServer({
    db: database.db,
    log,
    now,
    metrics: createMetrics({ now }),
    campaigns: config.campaigns,
    sourceKeys: config.campaigns.flatMap((c) => c.sources.map((s, i) => sourceKey(c.id, s, i))),
  });
  const { url } = await server.listen(0, '127.0.0.1');
  const browser = await launchChromium();
  try {
    await Promise.all([mkdir(OUT, { recursive: true }), mkdir('test-artifacts', { recursive: true })]);
    for (const shot of SHOTS) {
      const page = await browser.newPage({ viewport: shot.viewport });
      await page.goto(`${url}/challenges/orgoglioliguria-demo${shot.query}`);
      await page.locator('#standings li').first().waitFor();
      const path = join(shot.file.startsWith('check-') ? 'test-artifacts' : OUT, shot.file);
      await page.screenshot({ path, fullPage: shot.fullPage });
      process.stdout.write(`wrote ${path}\n`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
    await database.close();
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
