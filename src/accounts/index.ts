import { campaignLocalities } from '../analysis/locality/index.js';
import { ACCOUNT_PLATFORMS, accountsBlockSchema, type AccountPlatform, type AccountsConfig, type Campaign, type SourceConfig } from '../config/campaigns.js';
import { accountSupport, type AccountCredentialsOf, type SourceOf } from '../connectors/registry.js';
import type { ProfileDeps, ProfileFetcher } from './types.js';

export type { ProfileFetcher, ProfileResult, ProfileSnapshot, MissingReason } from './types.js';

/** One official account to record: a town, a platform, a handle. */
export interface AccountTarget {
  localityId: string;
  localityName: string;
  platform: AccountPlatform;
  handle: string;
}

/** The campaign's accounts block with its defaults, whether or not the YAML wrote one. */
export function accountsConfig(campaign: Campaign): AccountsConfig {
  return campaign.accounts ?? accountsBlockSchema.parse({});
}

/** Every official account of the campaign's towns, in town order, then platform order. */
export function accountTargets(campaign: Campaign): AccountTarget[] {
  return campaignLocalities(campaign).flatMap((l) =>
    ACCOUNT_PLATFORMS.flatMap((platform) => {
      const handle = l.accounts[platform];
      return handle ? [{ localityId: l.id, localityName: l.name, platform, handle }] : [];
    }),
  );
}

/** Whether the campaign records official accounts at all (some town lists one). */
export const hasAccounts = (campaign: Campaign) => accountTargets(campaign).length > 0;

/** The credentials entry for a platform: the named source, its own object, or the campaign's first source of that platform. */
function credentialsFor<P extends AccountPlatform>(campaign: Campaign, platform: P): SourceOf<P> | AccountCredentialsOf<P> | undefined {
  const entry = accountsConfig(campaign).credentials[platform] as string | AccountCredentialsOf<P> | undefined;
  // The one cast: TypeScript cannot tie a source's `platform` to P.
  const sources = campaign.sources.filter((s) => s.platform === platform) as Array<SourceOf<P> & Pick<SourceConfig, 'id'>>;
  if (typeof entry === 'string') return sources.find((s) => s.id === entry);
  if (entry) return entry;
  // A platform readable without credentials does not borrow a source's unless told to.
  if (accountSupport(platform).needsCredentials === null) return undefined;
  return sources[0];
}

/**
 * One fetcher per platform the campaign's towns use, built once (a Bluesky session or a TikTok
 * token then lives across runs). Config validation guarantees credentials where a platform
 * needs them; a platform without any is left out and its accounts are recorded as missing.
 */
export function createProfileFetchers(campaign: Campaign, deps: ProfileDeps): Partial<Record<AccountPlatform, ProfileFetcher>> {
  const { recentPosts } = accountsConfig(campaign);
  const used = new Set(accountTargets(campaign).map((t) => t.platform));
  const fetchers: Partial<Record<AccountPlatform, ProfileFetcher>> = {};
  for (const platform of used) {
    const fetcher = accountSupport(platform).createProfiles(credentialsFor(campaign, platform), deps, recentPosts);
    if (fetcher) fetchers[platform] = fetcher;
  }
  return fetchers;
}
