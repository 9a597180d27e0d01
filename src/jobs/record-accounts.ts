import { accountsConfig, accountTargets } from '../accounts/index.js';
import { missing, type MissingReason, type ProfileFetcher, type ProfileResult } from '../accounts/types.js';
import { localDay } from '../analysis/fairness.js';
import type { AccountPlatform, Campaign } from '../config/campaigns.js';
import { upsertAccountMetric } from '../db/account-metrics.js';
import type { Db } from '../db/client.js';
import { HttpError } from '../http/errors.js';
import type { Logger } from '../log.js';

export interface RecordAccountsDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  /** One per platform the towns use (accounts/index.ts createProfileFetchers); absent: not configured. */
  fetchers: Partial<Record<AccountPlatform, ProfileFetcher>>;
}

export interface RecordAccountsOutcome {
  day: string;
  accounts: number;
  recorded: number;
  missing: number;
}

/** An error while reading a profile → why the day's row is missing. */
function reasonOf(err: unknown): MissingReason {
  if (err instanceof HttpError && (err.reason === 'unauthorized' || err.reason === 'forbidden')) return err.reason;
  return 'unavailable';
}

/**
 * Records every official account of a campaign for today (in the accounts time zone): one
 * profile read per account, one upserted row per account, so a second run the same day only
 * refreshes the day. Accounts are read one after the other (a campaign has tens, and each
 * platform's limits are per token); after a refused token the platform's other accounts are
 * not asked again this run. A failed read is a missing row with its reason, never zeros, and
 * never replaces a profile already read that day. Runs daily (accounts.schedule); cost: two
 * or three requests and one upsert per account.
 */
export async function recordAccounts(campaign: Campaign, deps: RecordAccountsDeps, signal: AbortSignal): Promise<RecordAccountsOutcome> {
  const started = Date.now();
  const config = accountsConfig(campaign);
  const at = deps.now();
  const day = localDay(at, config.timezone);
  const targets = accountTargets(campaign);
  const refused = new Map<AccountPlatform, string>();
  const outcome: RecordAccountsOutcome = { day, accounts: targets.length, recorded: 0, missing: 0 };

  for (const target of targets) {
    if (signal.aborted) break;
    const fetcher = deps.fetchers[target.platform];
    const log = deps.log.child({ campaign: campaign.id, town: target.localityName, platform: target.platform, handle: target.handle });
    let result: ProfileResult;
    if (!fetcher) result = missing('not_configured');
    else if (refused.has(target.platform)) result = missing('unauthorized', refused.get(target.platform));
    else {
      try {
        result = await fetcher.fetchProfile(target.handle, signal);
      } catch (err) {
        if (signal.aborted) throw err;
        const reason = reasonOf(err);
        const message = err instanceof Error ? err.message : String(err);
        if (reason === 'unauthorized') refused.set(target.platform, message);
        log.warn({ err, reason }, 'official account read failed');
        result = missing(reason, message);
      }
    }
    if (result.kind === 'missing' && result.reason !== 'unavailable' && result.reason !== 'unauthorized') {
      log.info({ reason: result.reason, detail: result.detail }, 'official account missing');
    }
    await upsertAccountMetric(deps.db, {
      campaignId: campaign.id,
      localityId: target.localityId,
      platform: target.platform,
      handle: target.handle,
      day,
      followers: result.kind === 'profile' ? result.followers : null,
      following: result.kind === 'profile' ? result.following : null,
      postsCount: result.kind === 'profile' ? result.posts : null,
      engagementPerPost: result.kind === 'profile' ? result.engagementPerPost : null,
      recentPosts: result.kind === 'profile' ? result.recentPosts : null,
      missingReason: result.kind === 'missing' ? result.reason : null,
      fetchedAt: at,
    });
    if (result.kind === 'profile') outcome.recorded += 1;
    else outcome.missing += 1;
  }
  deps.log.info({ campaign: campaign.id, ...outcome, durationMs: Date.now() - started }, 'official accounts recorded');
  return outcome;
}
