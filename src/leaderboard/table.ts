import type { Snapshot } from './snapshot.js';

/** The standings as a fixed-width text table for terminals. */
export function formatStandingsTable(snapshot: Snapshot): string {
  const perCapita = snapshot.rules.perCapita;
  const header = ['#', 'town', 'score', 'posts', perCapita ? 'posts/1k' : null, 'authors', 'engagement', 'sentiment', 'Δrank']
    .filter((h): h is string => h !== null);
  const rows = snapshot.standings.map((s) =>
    [
      String(s.rank),
      s.locality.name,
      s.score.toFixed(1),
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
  const title = `${snapshot.challenge.title} — ${snapshot.generatedAt} (${snapshot.totals.posts} posts, ${snapshot.totals.unattributedPosts} not attributed)`;
  return [title, line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
