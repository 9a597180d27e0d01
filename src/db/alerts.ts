import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from './client.js';

/**
 * Storage of the alert pipeline: bucket counts, detector state, outbox. Every function takes
 * an executor so that detection runs inside the ingest transaction.
 */

export interface BucketDelta {
  series: string;
  bucketStart: string;
  posts: number;
  negative: number;
}

export async function bumpAlertBuckets(tx: Executor, campaignId: string, deltas: readonly BucketDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  const rows = [...deltas].sort((a, b) => a.series.localeCompare(b.series) || a.bucketStart.localeCompare(b.bucketStart));
  await tx.execute(sql`
    insert into alert_buckets (campaign_id, series, bucket_start, posts, negative)
    select ${campaignId}, series, "bucketStart", posts, negative
    from json_to_recordset(${JSON.stringify(rows)}::json) as r(series text, "bucketStart" timestamptz, posts int, negative int)
    on conflict (campaign_id, series, bucket_start) do update set
      posts = alert_buckets.posts + excluded.posts,
      negative = alert_buckets.negative + excluded.negative`);
}

/** Counts per series and bucket (epoch ms, re-aligned to `bucketMs`) in [from, to). */
export async function readAlertBuckets(
  tx: Executor,
  campaignId: string,
  series: readonly string[],
  from: number,
  to: number,
  bucketMs: number,
): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  if (series.length === 0 || from >= to) return out;
  const seconds = bucketMs / 1000;
  const real = await queryRows<{ series: string; bucket: string; posts: number }>(
    tx,
    sql`
    select series, (floor(extract(epoch from bucket_start) / ${seconds}) * ${seconds} * 1000)::bigint::text as bucket, sum(posts)::int as posts
    from alert_buckets
    where campaign_id = ${campaignId}
      and series in (select value from json_array_elements_text(${JSON.stringify(series)}::json))
      and bucket_start >= ${new Date(from).toISOString()}::timestamptz and bucket_start < ${new Date(to).toISOString()}::timestamptz
    group by 1, 2`,
  );
  for (const r of real) {
    const m = out.get(r.series) ?? new Map<number, number>();
    m.set(Number(r.bucket), Number(r.posts));
    out.set(r.series, m);
  }
  return out;
}

export interface StoredState {
  series: string;
  state: unknown;
}

/** Locks and returns every detector state row of the campaign (one detection at a time per campaign). */
export async function lockDetectorStates(tx: Executor, campaignId: string): Promise<StoredState[]> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`campanile:alerts:${campaignId}`}))`);
  const rows = await queryRows<{ series: string; state: unknown }>(
    tx,
    sql`select series, state from detector_state where campaign_id = ${campaignId} order by series for update`,
  );
  return rows.map((r) => ({ series: r.series, state: typeof r.state === 'string' ? JSON.parse(r.state) : r.state }));
}

export async function saveDetectorStates(tx: Executor, campaignId: string, states: readonly StoredState[], now: Date): Promise<void> {
  if (states.length === 0) return;
  const rows = states.map((s) => ({ series: s.series, state: s.state }));
  await tx.execute(sql`
    insert into detector_state (campaign_id, series, state, updated_at)
    select ${campaignId}, series, state, ${now.toISOString()}::timestamptz
    from json_to_recordset(${JSON.stringify(rows)}::json) as r(series text, state jsonb)
    on conflict (campaign_id, series) do update set state = excluded.state, updated_at = excluded.updated_at`);
}

export interface TopPostRow {
  url: string | null;
  author: string;
  text: string;
  engagement: number;
}

/** The most engaging posts of a series in one bucket: what a person opens first. */
export async function topPosts(
  tx: Executor,
  campaignId: string,
  series: { kind: 'hashtag' | 'town'; value: string },
  from: Date,
  to: Date,
  limit = 3,
): Promise<TopPostRow[]> {
  const filter = series.kind === 'town' ? sql`m.locality_id = ${series.value}` : sql`${series.value} = any(m.hashtags)`;
  const rows = await queryRows<{ url: string | null; author: string; text: string; engagement: number }>(
    tx,
    sql`
    select p.url, coalesce(nullif(p.author_name, ''), p.author_handle) as author, p.text, m.engagement
    from post_matches m join posts p on p.platform = m.platform and p.external_id = m.external_id
    where m.campaign_id = ${campaignId} and ${filter}
      and m.created_at >= ${from.toISOString()}::timestamptz and m.created_at < ${to.toISOString()}::timestamptz
    order by m.engagement desc, m.created_at
    limit ${limit}`,
  );
  return rows.map((r) => ({ url: r.url, author: r.author, text: r.text, engagement: Number(r.engagement) }));
}

export interface OutboxInsert {
  idempotencyKey: string;
  campaignId: string;
  series: string;
  kind: string;
  destination: string;
  bucketStart: Date;
  payload: unknown;
}

/** Inserts outbox rows; a key already present is left alone. Returns how many were new. */
export async function insertOutbox(tx: Executor, rows: readonly OutboxInsert[], now: Date): Promise<number> {
  if (rows.length === 0) return 0;
  const json = rows.map((r) => ({ ...r, bucketStart: r.bucketStart.toISOString() }));
  const inserted = await queryRows<{ id: number }>(
    tx,
    sql`
    insert into alerts (idempotency_key, campaign_id, series, kind, destination, bucket_start, payload, next_attempt_at, created_at)
    select "idempotencyKey", "campaignId", series, kind, destination, "bucketStart", payload, ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
    from json_to_recordset(${JSON.stringify(json)}::json) as r("idempotencyKey" text, "campaignId" text, series text, kind text,
      destination text, "bucketStart" timestamptz, payload jsonb)
    on conflict (idempotency_key) do nothing
    returning id`,
  );
  return inserted.length;
}
