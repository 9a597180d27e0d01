import type { Snapshot } from './snapshot.js';

/** The standings as a fixed-width text table for terminals. */
export function formatStandingsTable(snapshot: Snapshot): string {
  const perCapita = snapshot.rules.perCapita;
  const header = ['#', 'town', 'score', 'posts', perCapita ? 'posts/1k' : null, 'authors', 'engagement', 'sentiment', 'Δrank'].filter(
    (h): h is string => h !== null,
  );
  const rows = snapshot.standings.map((s) =>
    [
      String(s.rank),
      s.locality.name,
      s.score.toFixed(2),
      String(s.components.posts.raw),
      perCapita ? (s.components.posts.perCapita?.toFixed(2) ?? '-') : null,
      String(s.components.authors.raw),
      String(s.components.engagement.raw),
      s.components.sentiment.raw.toFixed(2),
      s.rankChange === null ? 'new' : s.rankChange > 0 ? `+${s.rankChange}` : String(s.rankChange),
    ].filter((c): c is string => c !== null),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const title = `${snapshot.challenge.title} — ${snapshot.generatedAt} (${postsLine(snapshot)})`;
  return [title, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The same account of the window's posts as the page's totals line. */
export function postsLine(snapshot: Snapshot): string {
  const posts = snapshot.coverage.posts;
  if (!posts) return `${snapshot.totals.posts} posts, ${snapshot.totals.unattributedPosts} not attributed`;
  const rest = posts.stored - posts.counted - posts.unattributed - posts.lowConfidence;
  return [
    `${posts.counted} counted of ${posts.stored} stored`,
    `${posts.unattributed} not attributed to a town`,
    ...(posts.lowConfidence > 0 ? [`${posts.lowConfidence} with an uncertain town`] : []),
    ...(rest > 0 ? [`${rest} excluded by the challenge rules`] : []),
  ].join(', ');
}

/** The "attrattiva digitale" ranking as a text table; missing figures print as "–", never 0. */
export function formatAccountsTable(snapshot: Snapshot): string | null {
  const section = snapshot.accounts;
  if (!section) return null;
  const dash = (v: number | null, f: (n: number) => string) => (v === null ? '–' : f(v));
  const pct = (n: number) => `${n >= 0 ? '+' : ''}${(n * 100).toFixed(1)}%`;
  const header = ['#', 'town', 'score', 'followers', 'growth', 'growth %', 'per 1k inh.', 'posts/wk', 'eng. rate', ...section.platforms];
  const rows = section.ranking.map((t) => [
    t.rank === null ? '–' : String(t.rank),
    t.locality.name,
    dash(t.score, (n) => n.toFixed(1)),
    dash(t.figures.followers, String),
    dash(t.figures.growth.absolute, (n) => `${n >= 0 ? '+' : ''}${n}`),
    dash(t.figures.growth.relative, pct),
    dash(t.figures.followersPerThousand, (n) => n.toFixed(1)),
    dash(t.figures.postsPerWeek, (n) => n.toFixed(1)),
    dash(t.figures.engagementRate, (n) => n.toFixed(2)),
    ...section.platforms.map((p) => {
      const a = t.accounts.find((x) => x.platform === p);
      if (!a) return '·';
      return a.followers === null ? `(${a.missing ?? 'missing'})` : String(a.followers);
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const title = `Attrattiva digitale — official accounts, ${section.window.from} to ${section.window.to} (· no account, – missing)`;
  return [title, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
