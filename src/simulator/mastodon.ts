import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { answerFault, type Fault } from './faults.js';
import type { SimPost } from './generator.js';
import type { SimProfile, SimProfiles } from './profiles.js';

export type { Fault } from './faults.js';

export interface MastodonSimulator {
  url: string;
  add(posts: readonly SimPost[]): void;
  /** The next requests answer with these faults, in order, before normal service resumes. */
  injectFaults(...faults: Fault[]): void;
  /** Every status served so far or servable now, for ground-truth checks. */
  statuses(): Array<{ id: string; uri: string; post: SimPost }>;
  requests(): number;
  close(): Promise<void>;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Vanilla Mastodon ids: milliseconds << 16 | sequence, as decimal strings. */
export function snowflake(at: Date, seq: number): string {
  return ((BigInt(at.getTime()) << 16n) | BigInt(seq & 0xffff)).toString();
}

function compareIds(a: string, b: string): number {
  return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
}

/** A post as Mastodon 4 renders a Status (HTML content, account, tags), served from `base`. */
export function renderMastodonStatus(base: string, id: string, p: SimPost) {
  const content = p.text
    .split(/(#[\p{L}\p{N}_]+)/u)
    .map((part) => {
      if (!part.startsWith('#')) return escapeHtml(part);
      const tag = part.slice(1);
      return `<a href="${base}/tags/${encodeURIComponent(tag.toLowerCase())}" class="mention hashtag" rel="tag">#<span>${escapeHtml(tag)}</span></a>`;
    })
    .join('');
  return {
    id,
    created_at: p.createdAt.toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: p.lang,
    uri: `${base}/users/${p.author.username}/statuses/${id}`,
    url: `${base}/@${p.author.username}/${id}`,
    replies_count: p.replies,
    reblogs_count: p.reblogs,
    favourites_count: p.likes,
    quotes_count: 0,
    edited_at: null,
    content: `<p>${content}</p>`,
    reblog: null,
    application: { name: 'Web', website: null },
    account: {
      id: p.author.id,
      username: p.author.username,
      acct: p.author.username,
      display_name: p.author.displayName,
      locked: false,
      bot: false,
      created_at: p.author.createdAt.toISOString(),
      discoverable: true,
      group: false,
      note: '<p>Ligure di scoglio.</p>',
      url: `${base}/@${p.author.username}`,
      uri: `${base}/users/${p.author.username}`,
      avatar: `${base}/system/accounts/avatars/${p.author.id}/original/a.png`,
      avatar_static: `${base}/system/accounts/avatars/${p.author.id}/original/a.png`,
      header: `${base}/headers/original/missing.png`,
      followers_count: p.author.followers,
      following_count: 10,
      statuses_count: 100,
      last_status_at: p.createdAt.toISOString().slice(0, 10),
      emojis: [],
      fields: [],
    },
    media_attachments: [],
    mentions: [],
    tags: p.tags.map((t) => ({ name: t.toLowerCase(), url: `${base}/tags/${t.toLowerCase()}` })),
    emojis: [],
    card: null,
    poll: null,
  };
}

/**
 * A local server speaking the Mastodon hashtag-timeline API with the real paging rules
 * (min_id / max_id / since_id, Link header, none on empty pages) and rate-limit headers.
 */
export async function startMastodonSimulator(
  options: {
    port?: number;
    host?: string;
    /** Delay before each answer, to make polls take time. */
    latencyMs?: number;
    /** Official accounts served by /api/v1/accounts/lookup and /api/v1/accounts/:id/statuses. */
    profiles?: SimProfiles;
  } = {},
): Promise<MastodonSimulator> {
  const host = options.host ?? '127.0.0.1';
  const entries: Array<{ id: string; post: SimPost }> = [];
  const faults: Fault[] = [];
  let requestCount = 0;
  let base = '';

  const send = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'x-ratelimit-limit': '300',
      'x-ratelimit-remaining': '299',
      'x-ratelimit-reset': new Date(Date.now() + 300_000).toISOString(),
      ...headers,
    });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (options.latencyMs) {
      setTimeout(() => answer(req, res), options.latencyMs);
      return;
    }
    answer(req, res);
  };

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    requestCount += 1;
    const url = new URL(req.url ?? '/', base);
    const fault = faults.shift();
    if (fault) return answerFault(req, res, fault);
    if (url.pathname.startsWith('/api/v1/accounts/')) return answerAccount(url, res);
    const tagMatch = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (!tagMatch) return send(res, 404, { error: 'Record not found' });
    const tags = new Set([decodeURIComponent(tagMatch[1] as string), ...url.searchParams.getAll('any[]')].map((t) => t.toLowerCase()));
    const limit = Math.min(40, Math.max(1, Number(url.searchParams.get('limit') ?? 20)));
    const minId = url.searchParams.get('min_id');
    const maxId = url.searchParams.get('max_id');
    const sinceId = url.searchParams.get('since_id');
    let matching = entries.filter((e) => e.post.tags.some((t) => tags.has(t.toLowerCase())));
    if (maxId) matching = matching.filter((e) => compareIds(e.id, maxId) < 0);
    let page: typeof matching;
    if (minId) {
      page = matching
        .filter((e) => compareIds(e.id, minId) > 0)
        .slice(0, limit)
        .reverse();
    } else {
      if (sinceId) matching = matching.filter((e) => compareIds(e.id, sinceId) > 0);
      page = matching.slice(-limit).reverse();
    }
    const headers: Record<string, string> = {};
    if (page.length > 0) {
      const path = `${base}${url.pathname}?limit=${limit}`;
      headers.link = `<${path}&max_id=${page[page.length - 1]?.id}>; rel="next", <${path}&min_id=${page[0]?.id}>; rel="prev"`;
    }
    send(
      res,
      200,
      page.map((e) => renderMastodonStatus(base, e.id, e.post)),
      headers,
    );
  };

  const account = (p: SimProfile) => ({
    id: p.id,
    username: p.handle,
    acct: p.handle,
    display_name: `Comune (${p.handle})`,
    locked: false,
    bot: false,
    discoverable: true,
    group: false,
    created_at: '2022-11-05T00:00:00.000Z',
    note: '<p>Account ufficiale</p>',
    url: `${base}/@${p.handle}`,
    uri: `${base}/users/${p.handle}`,
    followers_count: p.followers,
    following_count: p.following,
    statuses_count: p.posts,
    last_status_at: options.profiles?.day() ?? null,
    emojis: [],
    fields: [],
  });

  /** Account lookup (acct with or without the domain) and the account's statuses, per the simulated day. */
  const answerAccount = (url: URL, res: ServerResponse) => {
    const profiles = options.profiles;
    const notFound = () => send(res, 404, { error: 'Record not found' });
    if (!profiles) return notFound();
    if (url.pathname === '/api/v1/accounts/lookup') {
      const p = profiles.lookup('mastodon', (url.searchParams.get('acct') ?? '').replace(/^@/, '').split('@')[0] ?? '');
      return p ? send(res, 200, account(p)) : notFound();
    }
    const statuses = /^\/api\/v1\/accounts\/(\d+)\/statuses$/.exec(url.pathname);
    const p = statuses ? profiles.byId('mastodon', statuses[1] as string) : null;
    if (!p) return notFound();
    const limit = Math.min(40, Math.max(1, Number(url.searchParams.get('limit') ?? 20)));
    send(
      res,
      200,
      p.recent.slice(0, limit).map((n, i) => ({
        id: `${p.id}${String(p.posts - i).padStart(6, '0')}`,
        uri: `${base}/users/${p.handle}/statuses/${p.posts - i}`,
        created_at: `${profiles.day()}T09:00:00.000Z`,
        visibility: 'public',
        content: '<p>Notizie dal Comune</p>',
        favourites_count: Math.round(n * 0.7),
        reblogs_count: Math.round(n * 0.2),
        replies_count: n - Math.round(n * 0.7) - Math.round(n * 0.2),
        account: account(p),
        reblog: null,
        tags: [],
      })),
    );
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://${host}:${port}`;

  return {
    url: base,
    add(posts) {
      for (const p of posts) entries.push({ id: snowflake(p.createdAt, p.seq), post: p });
      entries.sort((a, b) => compareIds(a.id, b.id));
    },
    injectFaults: (...f) => void faults.push(...f),
    statuses: () => entries.map((e) => ({ id: e.id, uri: `${base}/users/${e.post.author.username}/statuses/${e.id}`, post: e.post })),
    requests: () => requestCount,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
