import { errorReason, REASON_MAX } from '../error-reason.js';
import { truncateText } from '../analysis/text.js';
import type { NormalizedPost } from '../domain/types.js';
import type { Db } from './client.js';
import { ingestPage, type IngestPage, type IngestResult, type QuarantinedItem } from './ingest.js';
import { isRowRejection } from './rejections.js';

export interface CheckedIngestResult extends IngestResult {
  /** Posts the database refused, stored in quarantine instead (their reasons). */
  rejected: QuarantinedItem[];
}

/**
 * ingestPage that one bad row cannot block. When the database rejects a row (a value out of
 * range, a character it cannot store: SQLSTATE class 22/23), every post of the page is tried
 * alone, each in a savepoint of a transaction that is then rolled back; the page is written
 * again without the refused posts, which go to quarantine with the database's reason, and the
 * cursor moves. The page is still one transaction: the exactly-once guarantees are ingestPage's.
 * Any other failure (connection, deadlock, afterWrite) is thrown, and the cursor stays.
 *
 * Cost: nothing while pages are clean; a page with a refused row costs one probe per post.
 */
export async function ingestPageOrQuarantine(db: Db, page: IngestPage): Promise<CheckedIngestResult> {
  try {
    return { ...(await ingestPage(db, page)), rejected: [] };
  } catch (err) {
    if (!isRowRejection(err) || page.posts.length === 0) throw err;
    const rejected = await findRejectedPosts(db, page);
    if (rejected.size === 0) throw err;
    const kept = (platform: string, externalId: string) => !rejected.has(postKey({ platform, externalId }));
    const result = await ingestPage(db, {
      ...page,
      posts: page.posts.filter((p) => kept(p.platform, p.externalId)),
      matches: page.matches.filter((m) => kept(m.platform, m.externalId)),
      quarantined: [...page.quarantined, ...rejected.values()],
    });
    return { ...result, rejected: [...rejected.values()] };
  }
}

class ProbeDone extends Error {}

/** Posts the database refuses when each is written alone; nothing the probe writes is kept. */
async function findRejectedPosts(db: Db, page: IngestPage): Promise<Map<string, QuarantinedItem>> {
  const rejected = new Map<string, QuarantinedItem>();
  try {
    await db.transaction(async (tx) => {
      for (const post of page.posts) {
        const key = postKey(post);
        const alone: IngestPage = {
          sourceKey: page.sourceKey,
          platform: page.platform,
          posts: [post],
          matches: page.matches.filter((m) => postKey(m) === key),
          quarantined: [],
          counting: page.counting,
        };
        try {
          // A transaction inside a transaction is a savepoint: a refused post leaves the others be.
          await ingestPage(tx as unknown as Db, alone);
        } catch (err) {
          if (!isRowRejection(err)) throw err;
          rejected.set(key, { reason: rejectionReason(err, post), payload: JSON.stringify(post) });
        }
      }
      throw new ProbeDone();
    });
  } catch (err) {
    if (!(err instanceof ProbeDone)) throw err;
  }
  return rejected;
}

const postKey = (p: { platform: string; externalId: string }) => `${p.platform}\u0001${p.externalId}`;

/** The database's reason, the table and the row's key, bounded. */
function rejectionReason(err: unknown, post: NormalizedPost): string {
  const row = `row ${post.platform} ${truncateText(post.externalId, 120)}`;
  return `${errorReason(err, REASON_MAX - row.length - 2)}; ${row}`;
}
