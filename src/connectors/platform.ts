import { z } from 'zod';
import type { ProfileDeps, ProfileFetcher } from '../accounts/types.js';
import { cronExpression, duration } from '../config/fields.js';
import type { Connector, ConnectorDeps } from './types.js';

/**
 * What a platform is to campanile, in one object that its folder exports as `platform`: the
 * source schema of the YAML, the connector, and (where the platform has official accounts) the
 * handle pattern, the credentials of the accounts block and the profile reader. The registry
 * (registry.ts) builds the config's unions, the accounts fetchers and the page's names from these.
 */
interface PlatformBase<S extends z.ZodObject> {
  /** As the leaderboard page shows it. */
  displayName: string;
  /** One entry of `sources:`; its `platform` literal is the platform's name. */
  source: S;
  createConnector(source: z.infer<S>, deps: ConnectorDeps): Connector;
}

/** The `platform` literal of a source schema. */
type NameOf<S extends z.ZodObject> = z.output<S> extends { platform: infer N extends string } ? N : never;

export interface AccountSupport<S = unknown, C extends z.ZodType = z.ZodType> {
  /** A town's handle in `accounts:`, validated (and normalized: no leading @) at load. */
  handle: z.ZodType<string, string>;
  /** `accounts.credentials.<platform>` when it is not a source id. */
  credentials: C;
  /**
   * Null: readable without credentials, and then a source of the campaign is not borrowed
   * unless named. Otherwise what to write, shown when a town's account finds none.
   */
  needsCredentials: string | null;
  /** The profile reader from a source or credentials of its own; without either, only where needsCredentials is null. */
  createProfiles(credentials: S | z.output<C> | undefined, deps: ProfileDeps, recentPosts: number): ProfileFetcher | undefined;
}

/** A platform with official accounts, or (accounts: undefined) one the product only polls. */
export type PlatformDefinition<S extends z.ZodObject, C extends z.ZodType | undefined> = PlatformBase<S> & {
  /** The `platform:` of the YAML and of stored posts: the source schema's literal. */
  name: NameOf<S>;
  accounts: C extends z.ZodType ? AccountSupport<z.infer<S>, C> : undefined;
};

/** Names the platform after its source schema and keeps its types (source, credentials) for the registry's unions. */
export function definePlatform<S extends z.ZodObject, C extends z.ZodType>(
  platform: PlatformBase<S> & { accounts: AccountSupport<z.infer<S>, C> },
): PlatformDefinition<S, C>;
export function definePlatform<S extends z.ZodObject>(platform: PlatformBase<S> & { accounts: undefined }): PlatformDefinition<S, undefined>;
export function definePlatform(platform: PlatformBase<z.ZodObject>) {
  const literal = platform.source.shape.platform as z.ZodLiteral<string>;
  return { name: literal.value, ...platform };
}

/** Fields every source has, whatever its platform. */
export const sourceCommon = {
  /** Names the source in logs and its cursor; defaults to platform + endpoint. */
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]*$/i)
    .optional(),
  schedule: cronExpression,
  /** Upper bound on pages walked per poll fire; the rest waits for the next fire. */
  maxPages: z.number().int().min(1).max(1000).default(20),
  /** A source that brings no new post for this long is logged as silent at every poll. */
  warnAfterSilence: duration.prefault('24h'),
};

/** Handles are written with or without the leading @. */
export const stripAt = (value: string) => value.replace(/^@/, '');
