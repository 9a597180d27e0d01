import type { z } from 'zod';
import { platform as bluesky } from './bluesky/platform.js';
import { platform as facebook } from './facebook/platform.js';
import { platform as instagram } from './instagram/platform.js';
import { platform as mastodon } from './mastodon/platform.js';
import type { AccountSupport } from './platform.js';
import { platform as reddit } from './reddit/platform.js';
import { platform as tiktok } from './tiktok/platform.js';
import { platform as x } from './x/platform.js';
import { platform as youtube } from './youtube/platform.js';

/**
 * The explicit registry: a new platform is a folder (exporting `platform`, see platform.ts) plus
 * one line here. The order is the order of the config's messages, of each town's accounts and of
 * the snapshot's `accounts.platforms`.
 */
export const PLATFORM_LIST = [mastodon, bluesky, x, reddit, instagram, youtube, facebook, tiktok] as const;

type Registered = (typeof PLATFORM_LIST)[number];
export type PlatformName = Registered['name'];
export type PlatformOf<N extends PlatformName> = Extract<Registered, { name: N }>;
export type SourceOf<N extends PlatformName> = z.infer<PlatformOf<N>['source']>;

type WithAccounts = Extract<Registered, { accounts: object }>;
export type AccountPlatform = WithAccounts['name'];

const byName = new Map<string, Registered>(PLATFORM_LIST.map((p) => [p.name, p]));

export function platformOf<N extends PlatformName>(name: N): PlatformOf<N> {
  return byName.get(name) as PlatformOf<N>;
}

/** The source schemas, as a tuple for z.discriminatedUnion. */
export const sourceSchemas = PLATFORM_LIST.map((p) => p.source) as unknown as SourceSchemas<typeof PLATFORM_LIST>;
type SourceSchemas<T extends readonly unknown[]> = { -readonly [K in keyof T]: T[K] extends { source: infer S } ? S : never };

/** The platforms with official accounts, each with what the accounts block and the towns need. */
export const ACCOUNT_PLATFORM_LIST = PLATFORM_LIST.filter((p): p is WithAccounts => p.accounts !== undefined);
export const ACCOUNT_PLATFORMS = ACCOUNT_PLATFORM_LIST.map((p) => p.name) as [AccountPlatform, ...AccountPlatform[]];

export type AccountCredentialsOf<N extends AccountPlatform> = z.infer<AccountsOf<N>['credentials']>;
type AccountsOf<N extends AccountPlatform> = Extract<WithAccounts, { name: N }>['accounts'];

export function accountSupport<N extends AccountPlatform>(name: N): AccountSupport<SourceOf<N>, AccountsOf<N>['credentials']> {
  return byName.get(name)?.accounts as never;
}

/** Platform → the name the leaderboard page shows. */
export const DISPLAY_NAMES = Object.fromEntries(PLATFORM_LIST.map((p) => [p.name, p.displayName])) as Record<PlatformName, string>;
