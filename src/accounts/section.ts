import { campaignLocalities } from '../analysis/locality/index.js';
import { localDay } from '../analysis/fairness.js';
import { ACCOUNT_PLATFORMS, type Campaign } from '../config/campaigns.js';
import { readAccountMetrics } from '../db/account-metrics.js';
import type { Executor } from '../db/client.js';
import { ACCOUNTS_FORMULA, type AccountsSection } from '../leaderboard/accounts-section.js';
import { accountsConfig, accountTargets } from './index.js';
import { computeAccountRanking, windowStart } from './ranking.js';

/**
 * The snapshot's `accounts` section for a campaign, or undefined when no town lists an account.
 * Only towns with at least one official account are ranked. Cost: one range read of
 * account_metrics over the window (accounts × days rows), never posts.
 */
export async function accountsSection(db: Executor, campaign: Campaign, now: Date): Promise<AccountsSection | undefined> {
  const targets = accountTargets(campaign);
  if (targets.length === 0) return undefined;
  const config = accountsConfig(campaign);
  const today = localDay(now, config.timezone);
  const from = windowStart(today, config.windowDays);
  const rows = await readAccountMetrics(db, campaign.id, from, today);
  const contenders = campaignLocalities(campaign)
    .filter((l) => Object.values(l.accounts).some(Boolean))
    .map(({ id, name, code, population, accounts }) => ({ id, name, code, population, accounts }));
  const used = new Set(targets.map((t) => t.platform));
  return {
    window: { from, to: today, days: config.windowDays, timezone: config.timezone },
    rules: { weights: config.weights, populationFloor: config.populationFloor },
    formula: ACCOUNTS_FORMULA,
    platforms: ACCOUNT_PLATFORMS.filter((p) => used.has(p)),
    ranking: computeAccountRanking(contenders, rows, config, today),
  };
}
