import { sql } from 'drizzle-orm';
import {
  authorDayKey,
  decideCounting,
  localDay,
  NO_COUNTING_RULES,
  type CountingDecision,
  type CountingRules,
  type CountingState,
} from '../analysis/fairness.js';
import type { Match } from '../domain/types.js';
import { queryRows, type Executor } from './client.js';
import { matchKey } from './rollup-deltas.js';

const json = (rows: unknown[]) => JSON.stringify(rows);

/** What each campaign of a batch had counted before it: per (author, day) and the texts. */
export type CountingStates = ReadonlyMap<string, CountingState>;

function byCampaign(matches: readonly Match[]): Map<string, Match[]> {
  const groups = new Map<string, Match[]>();
  for (const m of matches) {
    const group = groups.get(m.campaignId);
    if (group) group.push(m);
    else groups.set(m.campaignId, [m]);
  }
  return groups;
}

/**
 * Reads, inside the ingest transaction, what the fairness rules need to decide on a batch's
 * matches: the counted posts of each (author, day) and which texts were already counted. A
 * transaction-scoped advisory lock per campaign, taken first, serialises batches of one campaign,
 * so two replicas ingesting at once cannot both let an author's 6th post through a cap of 5.
 * Reading for every match of the batch (re-seen ones too) is harmless: a re-seen match's own
 * row is already in the counts, as it should be for the new ones.
 * Cost: one lock and two indexed reads per campaign, of at most one row per (author, day) and per text.
 */
export async function readCountingState(
  tx: Executor,
  matches: readonly Match[],
  rulesByCampaign: Readonly<Record<string, CountingRules>>,
): Promise<CountingStates> {
  const states = new Map<string, CountingState>();
  for (const [campaignId, group] of byCampaign(matches)) {
    const rules = rulesByCampaign[campaignId] ?? NO_COUNTING_RULES;
    if (rules.capPerAuthorPerDay === null && !rules.dedupeTexts) continue;
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`campanile:counting:${campaignId}`}))`);
    const wanted =
      rules.capPerAuthorPerDay === null
        ? []
        : [
            ...new Map(
              group.map((m) => {
                const day = localDay(m.createdAt, rules.timeZone);
                return [authorDayKey(m.authorKey, day), { author_key: m.authorKey, day }];
              }),
            ).values(),
          ];
    const hashes = rules.dedupeTexts ? [...new Set(group.map((m) => m.textHash))] : [];
    // Both reads go out together (one round trip on a server connection).
    const [counts, known] = await Promise.all([
      wanted.length === 0
        ? []
        : queryRows<{ author_key: string; day: string; counted: number }>(
            tx,
            sql`
        select a.author_key, a.day, sum(a.counted)::int as counted
        from author_days a join json_to_recordset(${json(wanted)}::json) as w(author_key text, day text)
          on a.author_key = w.author_key and a.day = w.day
        where a.campaign_id = ${campaignId}
        group by a.author_key, a.day`,
          ),
      hashes.length === 0
        ? []
        : queryRows<{ text_hash: string }>(
            tx,
            sql`
        select t.text_hash from counted_texts t
        join json_array_elements_text(${json(hashes)}::json) as h(text_hash) on t.text_hash = h.text_hash
        where t.campaign_id = ${campaignId}`,
          ),
    ]);
    states.set(campaignId, {
      countedPerAuthorDay: new Map(counts.map((r) => [authorDayKey(r.author_key, r.day), Number(r.counted)])),
      countedTexts: new Set(known.map((r) => r.text_hash)),
    });
  }
  return states;
}

/**
 * Decides which newly stored matches count (pure, from the states read above) and records it:
 * post_matches.counted/uncounted_reason and the counted texts. The per-author daily counts are
 * recorded by the author_days bump of the same transaction.
 */
export async function applyCounting(
  tx: Executor,
  newMatches: readonly Match[],
  rulesByCampaign: Readonly<Record<string, CountingRules>>,
  states: CountingStates,
): Promise<Map<string, CountingDecision>> {
  const decisions = new Map<string, CountingDecision>();
  const writes: Promise<unknown>[] = [];
  for (const [campaignId, matches] of byCampaign(newMatches)) {
    const rules = rulesByCampaign[campaignId] ?? NO_COUNTING_RULES;
    const state = states.get(campaignId) ?? { countedPerAuthorDay: new Map(), countedTexts: new Set() };
    const decided = decideCounting(
      matches.map((m) => ({ key: matchKey(m), authorKey: m.authorKey, createdAt: m.createdAt, textHash: m.textHash, exclusion: m.exclusion })),
      state,
      rules,
    );
    for (const [key, d] of decided) decisions.set(key, d);

    const counted = matches.filter((m) => decided.get(matchKey(m))?.counted);
    if (rules.dedupeTexts && counted.length > 0) {
      const rows = counted.map((m) => ({ text_hash: m.textHash, platform: m.platform, external_id: m.externalId }));
      writes.push(
        tx.execute(sql`
        insert into counted_texts (campaign_id, text_hash, platform, external_id)
        select ${campaignId}, text_hash, platform, external_id
        from json_to_recordset(${json(rows)}::json) as r(text_hash text, platform text, external_id text)
        on conflict do nothing`),
      );
    }
    const uncounted = matches
      .map((m) => ({ platform: m.platform, external_id: m.externalId, reason: decided.get(matchKey(m))?.reason ?? null }))
      .filter((r) => r.reason !== null);
    if (uncounted.length > 0) {
      writes.push(
        tx.execute(sql`
        update post_matches m set counted = false, uncounted_reason = r.reason
        from json_to_recordset(${json(uncounted)}::json) as r(platform text, external_id text, reason text)
        where m.campaign_id = ${campaignId} and m.platform = r.platform and m.external_id = r.external_id`),
      );
    }
  }
  await Promise.all(writes);
  return decisions;
}
