import { sql } from 'drizzle-orm';
import type { SentimentLabel } from '../domain/types.js';
import { queryRows, type Db } from './client.js';

/** A person's label becomes the post's score: the strongest value of that class. */
export const SCORE_OF_LABEL: Record<SentimentLabel, number> = { positive: 1, neutral: 0, negative: -1 };

export interface RelabelRequest {
  campaignId: string;
  platform: string;
  externalId: string;
  label: SentimentLabel;
  note?: string;
}

export type RelabelResult =
  | { status: 'relabelled'; previousLabel: SentimentLabel; previousScore: number; localityId: string }
  | { status: 'unchanged' }
  | { status: 'not-found' };

/**
 * Sets a match's sentiment by hand and moves the rollups of its hour by the difference, in one
 * transaction, so that town means and positive/negative shares follow at the next snapshot.
 * The override is kept (with what it replaced) in sentiment_overrides.
 */
export async function relabelPost(db: Db, req: RelabelRequest): Promise<RelabelResult> {
  return db.transaction(async (tx) => {
    const [match] = await queryRows<{ locality_id: string; hour: string; sentiment: number; sentiment_label: SentimentLabel; counted: boolean }>(
      tx,
      sql`select locality_id, hour::text as hour, sentiment, sentiment_label, counted from post_matches
          where campaign_id = ${req.campaignId} and platform = ${req.platform} and external_id = ${req.externalId}
          for update`,
    );
    if (!match) return { status: 'not-found' };
    const score = SCORE_OF_LABEL[req.label];
    if (match.sentiment_label === req.label && Number(match.sentiment) === score) return { status: 'unchanged' };

    const ds = score - Number(match.sentiment);
    const dPos = (req.label === 'positive' ? 1 : 0) - (match.sentiment_label === 'positive' ? 1 : 0);
    const dNeg = (req.label === 'negative' ? 1 : 0) - (match.sentiment_label === 'negative' ? 1 : 0);
    const counted = match.counted === true || (match.counted as unknown) === 't';
    await tx.execute(sql`
      update post_matches set sentiment = ${score}, sentiment_label = ${req.label}, sentiment_confidence = 1
      where campaign_id = ${req.campaignId} and platform = ${req.platform} and external_id = ${req.externalId}`);
    await tx.execute(sql`
      update rollups set sentiment_sum = sentiment_sum + ${ds}, positive = positive + ${dPos}, negative = negative + ${dNeg},
        counted_sentiment_sum = counted_sentiment_sum + ${counted ? ds : 0},
        counted_positive = counted_positive + ${counted ? dPos : 0},
        counted_negative = counted_negative + ${counted ? dNeg : 0}
      where campaign_id = ${req.campaignId} and locality_id = ${match.locality_id} and hour = ${match.hour}::timestamptz`);
    await tx.execute(sql`
      insert into sentiment_overrides (campaign_id, platform, external_id, previous_label, previous_score, label, note)
      values (${req.campaignId}, ${req.platform}, ${req.externalId}, ${match.sentiment_label}, ${Number(match.sentiment)}, ${req.label}, ${req.note ?? null})`);
    return { status: 'relabelled', previousLabel: match.sentiment_label, previousScore: Number(match.sentiment), localityId: match.locality_id };
  });
}

/**
 * The campaign's posts whose link (or id, for Mastodon whose id is the post's URI) is `link`:
 * what `relabel --post` resolves when given the link the leaderboard page shows. A manual
 * lookup: it scans the campaign's matches joined to posts by key, without an index on url.
 */
export async function findPostsByLink(db: Db, campaignId: string, link: string): Promise<{ platform: string; externalId: string }[]> {
  const rows = await queryRows<{ platform: string; external_id: string }>(
    db,
    sql`select distinct m.platform, m.external_id from post_matches m
        left join posts p on p.platform = m.platform and p.external_id = m.external_id and p.created_at = m.created_at
        where m.campaign_id = ${campaignId} and (p.url = ${link} or m.external_id = ${link})
        limit 3`,
  );
  return rows.map((r) => ({ platform: r.platform, externalId: r.external_id }));
}
