import { campaignLocalities } from '../analysis/locality/index.js';
import { ACCOUNT_PLATFORMS, accountsBlockSchema, type AccountPlatform, type AccountsConfig, type Campaign, type SourceConfig } from '../config/campaigns.js';
import { createBlueskyProfiles } from './bluesky.js';
import { createMastodonProfiles } from './mastodon.js';
import { createFacebookProfiles, createInstagramProfiles } from './meta.js';
import { createTiktokProfiles } from './tiktok.js';
import type { ProfileDeps, ProfileFetcher } from './types.js';
import { createXProfiles } from './x.js';
import { createYoutubeProfiles } from './youtube.js';

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

type SourceOf<P extends string> = Extract<SourceConfig, { platform: P }>;

/** The credentials entry for a platform: the named source, its own object, or the campaign's first source of that platform. */
function credentialsFor<P extends AccountPlatform>(campaign: Campaign, platform: P): SourceOf<P> | object | undefined {
  const entry = accountsConfig(campaign).credentials[platform];
  if (typeof entry === 'string') return campaign.sources.find((s) => s.id === entry && s.platform === platform) as SourceOf<P> | undefined;
  if (entry) return entry;
  if (platform === 'mastodon' || platform === 'bluesky') return undefined;
  return campaign.sources.find((s) => s.platform === platform) as SourceOf<P> | undefined;
}

const isSource = (c: object | undefined): c is SourceConfig => c !== undefined && 'platform' in c;

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
    const c = credentialsFor(campaign, platform) as Record<string, unknown> | undefined;
    const fetcher = build(platform, c, deps, recentPosts);
    if (fetcher) fetchers[platform] = fetcher;
  }
  return fetchers;
}

function build(platform: AccountPlatform, c: Record<string, unknown> | undefined, deps: ProfileDeps, recentPosts: number): ProfileFetcher | null {
  const str = (key: string) => (typeof c?.[key] === 'string' ? (c[key] as string) : undefined);
  switch (platform) {
    case 'mastodon':
      return createMastodonProfiles(c ? { instance: str('instance'), accessToken: str('accessToken') } : undefined, deps, recentPosts);
    case 'bluesky':
      if (!c) return createBlueskyProfiles(undefined, deps, recentPosts);
      return createBlueskyProfiles(isSource(c) && c.platform === 'bluesky' ? { source: c } : { service: str('service') as string }, deps, recentPosts);
    case 'x': {
      if (!c) return null;
      const capResetDay = typeof c.capResetDay === 'number' ? c.capResetDay : undefined;
      return createXProfiles({ bearerToken: str('bearerToken') as string, apiBase: str('apiBase') as string, capResetDay }, deps);
    }
    case 'instagram':
      if (!c) return null;
      return createInstagramProfiles({ ...graphOf(str), userId: str('userId') as string }, deps, recentPosts);
    case 'facebook':
      return c ? createFacebookProfiles(graphOf(str), deps) : null;
    case 'youtube':
      return c ? createYoutubeProfiles({ apiKey: str('apiKey') as string, apiUrl: str('apiUrl') as string }, deps, recentPosts) : null;
    case 'tiktok':
      return c
        ? createTiktokProfiles({ clientKey: str('clientKey') as string, clientSecret: str('clientSecret') as string, apiUrl: str('apiUrl') as string }, deps)
        : null;
  }
}

function graphOf(str: (key: string) => string | undefined) {
  return {
    accessToken: str('accessToken') as string,
    appSecret: str('appSecret'),
    graphUrl: str('graphUrl') as string,
    apiVersion: str('apiVersion') as string,
  };
}
