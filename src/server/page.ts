import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DISPLAY_NAMES } from '../connectors/registry.js';
import { challengeId } from '../jobs/publish-leaderboard.js';
import { matches } from './leaderboard.js';
import { route, type Reply, type Route, type ServerDeps } from './server.js';

/** Served next to this module; `npm run build` copies the folder to dist/server/assets. */
const ASSETS = new URL('./assets/', import.meta.url);

/**
 * Everything the page loads comes from this server; anyone may frame it (event screens, the
 * region's site), nothing may be injected into it: scripts and styles from files only.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  'frame-ancestors *',
].join('; ');

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

const asset = (body: Buffer, type: string): Asset => ({ body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` });

async function loadAsset(name: string, type: string): Promise<Asset> {
  return asset(await readFile(new URL(name, ASSETS)), type);
}

/** The platforms' display names, from the registry: the page lists no platform of its own. */
const platformsScript = () =>
  asset(Buffer.from(`'use strict';\nwindow.CampanilePlatforms = ${JSON.stringify(DISPLAY_NAMES)};\n`), 'text/javascript; charset=utf-8');

function serve(asset: Asset, ifNoneMatch: string | string[] | undefined, status = 200): Reply {
  const headers = {
    'content-type': asset.type,
    'cache-control': 'no-cache',
    etag: asset.etag,
    'content-security-policy': PAGE_CSP,
  };
  if (status === 200 && matches(ifNoneMatch, asset.etag)) return { status: 304, headers };
  return { status, headers, body: asset.body };
}

/** GET /challenges/:id (the page, one static document for every challenge) and its assets. */
export async function pageRoutes(deps: ServerDeps): Promise<Route[]> {
  const [html, labels, chart, script, reach, style, icon] = await Promise.all([
    loadAsset('leaderboard.html', 'text/html; charset=utf-8'),
    loadAsset('leaderboard-labels.js', 'text/javascript; charset=utf-8'),
    loadAsset('leaderboard-chart.js', 'text/javascript; charset=utf-8'),
    loadAsset('leaderboard.js', 'text/javascript; charset=utf-8'),
    loadAsset('leaderboard-reach.js', 'text/javascript; charset=utf-8'),
    loadAsset('leaderboard.css', 'text/css; charset=utf-8'),
    loadAsset('favicon.svg', 'image/svg+xml'),
  ]);
  const platforms = platformsScript();
  const challenges = new Set(deps.campaigns.flatMap((c) => (c.challenge ? [challengeId({ ...c, challenge: c.challenge })] : [])));
  return [
    route('/challenges/:id', ({ params, headers }) => {
      if (!challenges.has(params.id ?? '')) {
        return { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'unknown challenge\n' };
      }
      return serve(html, headers['if-none-match']);
    }),
    route('/assets/leaderboard-labels.js', ({ headers }) => serve(labels, headers['if-none-match'])),
    route('/assets/leaderboard-chart.js', ({ headers }) => serve(chart, headers['if-none-match'])),
    route('/assets/leaderboard.js', ({ headers }) => serve(script, headers['if-none-match'])),
    route('/assets/leaderboard-reach.js', ({ headers }) => serve(reach, headers['if-none-match'])),
    route('/assets/platforms.js', ({ headers }) => serve(platforms, headers['if-none-match'])),
    route('/assets/leaderboard.css', ({ headers }) => serve(style, headers['if-none-match'])),
    route('/assets/favicon.svg', ({ headers }) => serve(icon, headers['if-none-match'])),
    // Browsers ask for /favicon.ico whatever the page links; they all read an SVG served there.
    route('/favicon.ico', ({ headers }) => serve(icon, headers['if-none-match'])),
  ];
}
