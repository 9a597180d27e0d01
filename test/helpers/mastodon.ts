import { http, HttpResponse } from 'msw';

/** A status shaped like the real ones (see ../shared/fixtures/platforms/mastodon), with the fields we read. */
export function mastodonStatus(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    created_at: new Date(Number(BigInt(id) >> 16n)).toISOString(),
    in_reply_to_id: null,
    in_reply_to_account_id: null,
    sensitive: false,
    spoiler_text: '',
    visibility: 'public',
    language: 'it',
    uri: `https://mastodon.test/users/anna/statuses/${id}`,
    url: `https://mastodon.test/@anna/${id}`,
    replies_count: 0,
    reblogs_count: 1,
    favourites_count: 2,
    quotes_count: 0,
    edited_at: null,
    favourited: false,
    content:
      '<p>Che meraviglia <a href="https://mastodon.test/tags/OrgoglioLiguria" class="mention hashtag" rel="tag">#<span>OrgoglioLiguria</span></a> a Camogli &amp; dintorni</p>',
    filtered: [],
    reblog: null,
    account: {
      id: '109',
      username: 'anna',
      acct: 'anna',
      display_name: 'Anna',
      locked: false,
      bot: false,
      created_at: '2022-08-28T00:00:00.000Z',
      note: '',
      url: 'https://mastodon.test/@anna',
      uri: 'https://mastodon.test/users/anna',
      followers_count: 455,
      following_count: 91,
      statuses_count: 3441,
      emojis: [],
      fields: [],
    },
    media_attachments: [],
    mentions: [],
    tags: [{ name: 'orgoglioliguria', url: 'https://mastodon.test/tags/orgoglioliguria' }],
    emojis: [],
    card: null,
    poll: null,
    ...overrides,
  };
}

export const idAtMs = (ms: number, seq = 0) => ((BigInt(ms) << 16n) | BigInt(seq)).toString();

const cmp = (a: string, b: string) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);

/**
 * An msw handler with Mastodon's tag-timeline paging: min_id returns the `limit` statuses right
 * after the cursor, newest first; Link header only on non-empty pages; rate-limit headers.
 */
export function tagTimelineHandler(
  base: string,
  statuses: () => Array<ReturnType<typeof mastodonStatus>>,
  opts: { remaining?: () => number; requests?: string[] } = {},
) {
  return http.get(`${base}/api/v1/timelines/tag/:tag`, ({ request }) => {
    const url = new URL(request.url);
    opts.requests?.push(url.search);
    const limit = Number(url.searchParams.get('limit') ?? 20);
    const minId = url.searchParams.get('min_id');
    const sorted = [...statuses()].sort((a, b) => cmp(a.id, b.id));
    const page = minId
      ? sorted
          .filter((s) => cmp(s.id, minId) > 0)
          .slice(0, limit)
          .reverse()
      : sorted.slice(-limit).reverse();
    const headers: Record<string, string> = {
      'x-ratelimit-limit': '300',
      'x-ratelimit-remaining': String(opts.remaining?.() ?? 299),
      'x-ratelimit-reset': '2026-08-01T13:55:00.729285Z',
    };
    if (page.length > 0) {
      const path = `${url.origin}${url.pathname}?limit=${limit}`;
      headers.link = `<${path}&max_id=${page[page.length - 1]?.id}>; rel="next", <${path}&min_id=${page[0]?.id}>; rel="prev"`;
    }
    return HttpResponse.json(page, { headers });
  });
}
