import { ACCOUNT_PLATFORMS, NEEDS_CREDENTIALS, type AccountsConfig, type OfficialAccounts } from './accounts.js';
import type { SourceConfig } from './sources.js';

interface CampaignShape {
  sources: SourceConfig[];
  localities: { extra: Array<{ name: string; accounts?: OfficialAccounts }> };
  accounts?: AccountsConfig;
}

/**
 * Cross-field checks of the official accounts, every problem at once: credentials that name a
 * source must name one of this campaign's sources of that platform, and a town's account on a
 * platform that needs credentials must find some (its own, a named source, or the campaign's
 * first source of that platform).
 */
export function accountsProblems(campaign: CampaignShape): Array<{ path: (string | number)[]; message: string }> {
  const problems: Array<{ path: (string | number)[]; message: string }> = [];
  const credentials = campaign.accounts?.credentials ?? {};
  for (const platform of ACCOUNT_PLATFORMS) {
    const ref = credentials[platform];
    if (typeof ref !== 'string') continue;
    const source = campaign.sources.find((s) => s.id === ref);
    const path = ['accounts', 'credentials', platform];
    if (!source) {
      const ids = campaign.sources.filter((s) => s.platform === platform && s.id).map((s) => `"${s.id}"`);
      problems.push({ path, message: `no source with id "${ref}" in this campaign${ids.length ? ` (${platform} sources: ${ids.join(', ')})` : ''}` });
    } else if (source.platform !== platform) {
      problems.push({
        path,
        message: `source "${ref}" is a ${source.platform} source; ${platform} accounts need a ${platform} source or credentials of their own`,
      });
    }
  }
  campaign.localities.extra.forEach((town, index) => {
    for (const platform of ACCOUNT_PLATFORMS) {
      const hint = NEEDS_CREDENTIALS[platform];
      if (!town.accounts?.[platform] || !hint) continue;
      if (credentials[platform] !== undefined || campaign.sources.some((s) => s.platform === platform)) continue;
      problems.push({
        path: ['localities', 'extra', index, 'accounts', platform],
        message: `${town.name} has an account on ${platform} but the campaign has no ${platform} credentials: add accounts.credentials.${platform} (${hint})`,
      });
    }
  });
  return problems;
}
