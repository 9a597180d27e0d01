import { sql } from 'drizzle-orm';
import { authorDayKey, decideCounting, NO_COUNTING_RULES, type CountingDecision, type CountingRules, type CountingState } from '../analysis/fairness.js';
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
 * Takes a transaction-scoped advisory lock per campaign of the staged matches (db/staging.ts) that
 * has stateful rules (a daily cap or the duplicate-text rule), in a fixed order: batches of one
 * campaign are serialised, so two replicas ingesting at once cannot both let an author's 6th post
 * through a cap of 5. Sent after the staging load and before readCountingState. It reads the
 * campaigns from the staged rows rather than from a parameter: a statement with parameters makes
 * postgres.js wait for the server to describe them before it sends the next one.
 */
export async function lockCounting(tx: Executor): Promise<void> {
  // Awaited here, in an async function, as every statement of ingestPage is: a drizzle query starts
  // only when awaited, and the statements go in the order in which they are awaited. Handed on
  // unawaited, it went after the counting read, and two replicas could both fill an author's cap.
  await tx.execute(sql`
    select count(pg_advisory_xact_lock(hashtext(k)))::int as locked
    from (
      select distinct k from (select ('campanile:counting:' || campaign_id) collate "C" as k from ingest_matches where capped or dedupe) s
      order by k
    ) ordered`);
}

/**
 * Reads, under lockCounting, what the fairness rules need to decide on the staged matches
 * (db/staging.ts): the counted posts of each (author, day) where a daily cap applies, and which
 * texts were already counted where duplicates are refused. Reading for re-seen matches too is
 * harmless: a re-seen match's own row is already in the counts, as it should be for the new ones.
 * Cost: one statement of indexed lookups, at most one row per (author, day) and per text. The
 * staging table has no statistics, so a join would let the planner hash the whole of author_days
 * or counted_texts (a cost growing with the campaign: 17 ms a batch at 60k posts); the lateral
 * subqueries (an aggregate, a LIMIT: neither can be flattened into a join) probe the indexes once
 * per staged key, whatever the tables' size.
 */
export async function readCountingState(tx: Executor): Promise<CountingStates> {
  const rows = await queryRows<{ kind: 'a' | 't'; campaign_id: string; key: string; day: string | null; counted: number | null }>(
    tx,
    sql`
    select 'a' as kind, s.campaign_id, s.author_key as key, s.day, a.counted
    from (select distinct campaign_id, author_key, day from ingest_matches where capped) s
    cross join lateral (
      select sum(counted)::int as counted from author_days a
      where a.campaign_id = s.campaign_id and a.author_key = s.author_key and a.day = s.day
    ) a
    where a.counted is not null
    union all
    select 't', s.campaign_id, s.text_hash, null::text, null::int
    from (select distinct campaign_id, text_hash from ingest_matches where dedupe) s
    cross join lateral (select from counted_texts t where t.campaign_id = s.campaign_id and t.text_hash = s.text_hash limit 1) t`,
  );
  const states = new Map<string, { countedPerAuthorDay: Map<string, number>; countedTexts: Set<string> }>();
  for (const r of rows) {
    let state = states.get(r.campaign_id);
    if (!state) {
      state = { countedPerAuthorDay: new Map(), countedTexts: new Set() };
      states.set(r.campaign_id, state);
    }
    if (r.kind === 'a') state.countedPerAuthorDay.set(authorDayKey(r.key, r.day ?? ''), Number(r.counted));
    else state.countedTexts.add(r.key);
  }
  return states;
}

/**
 * Decides which newly stored matches count (pure, decideCounting, from the states read above) and
 * records it: the reason of each uncounted one on its staged row and on post_matches, and the
 * counted texts. The rollups, author days and top posts derived afterwards read the staged reasons.
 * Returns the statements' promise (sent together with the derivations) and the decisions.
 */
export function applyCounting(
  tx: Executor,
  newMatches: readonly Match[],
  rulesByCampaign: Readonly<Record<string, CountingRules>>,
  states: CountingStates,
): { decisions: Map<string, CountingDecision>; written: Promise<unknown> } {
  const decisions = new Map<string, CountingDecision>();
  const uncounted: { campaign_id: string; platform: string; external_id: string; reason: string }[] = [];
  let counted = 0;
  for (const [campaignId, matches] of byCampaign(newMatches)) {
    const rules = rulesByCampaign[campaignId] ?? NO_COUNTING_RULES;
    const state = states.get(campaignId) ?? { countedPerAuthorDay: new Map(), countedTexts: new Set() };
    const decided = decideCounting(
      matches.map((m) => ({ key: matchKey(m), authorKey: m.authorKey, createdAt: m.createdAt, textHash: m.textHash, exclusion: m.exclusion })),
      state,
      rules,
    );
    for (const m of matches) {
      const d = decided.get(matchKey(m));
      if (!d) continue;
      decisions.set(matchKey(m), d);
      if (d.reason !== null) uncounted.push({ campaign_id: m.campaignId, platform: m.platform, external_id: m.externalId, reason: d.reason });
      else if (rules.dedupeTexts) counted += 1;
    }
  }
  const writes: Promise<unknown>[] = [];
  if (uncounted.length > 0) {
    writes.push(
      // One statement; post_matches is joined to the uncounted list (estimated small, as it is),
      // not to the staging table (no statistics: a hash of the whole of post_matches).
      tx.execute(sql`
      with r as (
        select * from json_to_recordset(${json(uncounted)}::json) as r(campaign_id text, platform text, external_id text, reason text)
      ), staged as (
        update ingest_matches s set reason = r.reason from r
        where s.campaign_id = r.campaign_id and s.platform = r.platform and s.external_id = r.external_id
      )
      update post_matches m set counted = false, uncounted_reason = r.reason from r
      where m.campaign_id = r.campaign_id and m.platform = r.platform and m.external_id = r.external_id`),
    );
  }
  // Only a batch with counted new matches under the duplicate rule has texts to record.
  if (counted > 0) {
    writes.push(
      tx.execute(sql`
    insert into counted_texts (campaign_id, text_hash, platform, external_id)
    select campaign_id, text_hash, platform, external_id from ingest_matches
    where is_new and reason is null and dedupe
    on conflict do nothing`),
    );
  }
  return { decisions, written: Promise.all(writes) };
}
