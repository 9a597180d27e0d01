import { sql } from 'drizzle-orm';
import {
  authorDayKey,
  decideCounting,
  localDay,
  NO_COUNTING_RULES,
  type CountingDecision,
  type CountingRules,
} from '../analysis/fairness.js';
import type { Match } from '../domain/types.js';
import { queryRows, type Executor } from './client.js';
import { matchKey } from './rollup-deltas.js';

const json = (rows: unknown[]) => JSON.stringify(rows);

/**
 * Decides, inside the ingest transaction, which newly stored matches count in the scores, and
 * records it: post_matches.counted/uncounted_reason, and the counted texts. The per-author daily
 * counts come from author_days (bumped later in the same transaction). A transaction-scoped
 * advisory lock per campaign serialises pages of one campaign, so two replicas ingesting at once
 * cannot both let an author's 6th post through a cap of 5.
 * Cost: two indexed reads of at most one row per (author, day) and per text of the page.
 */
export async function applyCounting(
  tx: Executor,
  newMatches: readonly Match[],
  rulesByCampaign: Readonly<Record<string, CountingRules>>,
): Promise<Map<string, CountingDecision>> {
  const decisions = new Map<string, CountingDecision>();
  const byCampaign = new Map<string, Match[]>();
  for (const m of newMatches) byCampaign.set(m.campaignId, [...(byCampaign.get(m.campaignId) ?? []), m]);

  for (const [campaignId, matches] of byCampaign) {
    const rules = rulesByCampaign[campaignId] ?? NO_COUNTING_RULES;
    const stateful = rules.capPerAuthorPerDay !== null || rules.dedupeTexts;
    if (stateful) await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`campanile:counting:${campaignId}`}))`);

    const authorDaysWanted = rules.capPerAuthorPerDay === null
      ? []
      : [...new Map(matches.map((m) => {
          const day = localDay(m.createdAt, rules.timeZone);
          return [authorDayKey(m.authorKey, day), { author_key: m.authorKey, day }];
        })).values()];
    const counts = authorDaysWanted.length === 0 ? [] : await queryRows<{ author_key: string; day: string; counted: number }>(
      tx,
      sql`
      select a.author_key, a.day, sum(a.counted)::int as counted
      from author_days a join json_to_recordset(${json(authorDaysWanted)}::json) as w(author_key text, day text)
        on a.author_key = w.author_key and a.day = w.day
      where a.campaign_id = ${campaignId}
      group by a.author_key, a.day`,
    );
    const hashes = rules.dedupeTexts ? [...new Set(matches.map((m) => m.textHash))] : [];
    const known = hashes.length === 0 ? [] : await queryRows<{ text_hash: string }>(
      tx,
      sql`
      select t.text_hash from counted_texts t
      join json_array_elements_text(${json(hashes)}::json) as h(text_hash) on t.text_hash = h.text_hash
      where t.campaign_id = ${campaignId}`,
    );

    const decided = decideCounting(
      matches.map((m) => ({ key: matchKey(m), authorKey: m.authorKey, createdAt: m.createdAt, textHash: m.textHash, exclusion: m.exclusion })),
      {
        countedPerAuthorDay: new Map(counts.map((r) => [authorDayKey(r.author_key, r.day), Number(r.counted)])),
        countedTexts: new Set(known.map((r) => r.text_hash)),
      },
      rules,
    );
    for (const [key, d] of decided) decisions.set(key, d);

    const counted = matches.filter((m) => decided.get(matchKey(m))?.counted);
    if (rules.dedupeTexts && counted.length > 0) {
      const rows = counted.map((m) => ({ text_hash: m.textHash, platform: m.platform, external_id: m.externalId }));
      await tx.execute(sql`
        insert into counted_texts (campaign_id, text_hash, platform, external_id)
        select ${campaignId}, text_hash, platform, external_id
        from json_to_recordset(${json(rows)}::json) as r(text_hash text, platform text, external_id text)
        on conflict do nothing`);
    }
    const uncounted = matches
      .map((m) => ({ platform: m.platform, external_id: m.externalId, reason: decided.get(matchKey(m))?.reason ?? null }))
      .filter((r) => r.reason !== null);
    if (uncounted.length > 0) {
      await tx.execute(sql`
        update post_matches m set counted = false, uncounted_reason = r.reason
        from json_to_recordset(${json(uncounted)}::json) as r(platform text, external_id text, reason text)
        where m.campaign_id = ${campaignId} and m.platform = r.platform and m.external_id = r.external_id`);
    }
  }
  return decisions;
}
