import type { SourceConfig } from '../config/campaigns.js';
import type { Platform } from '../domain/types.js';
import { createBlueskyConnector } from './bluesky/index.js';
import { createFacebookConnector } from './facebook/index.js';
import { createInstagramConnector } from './instagram/index.js';
import { createMastodonConnector } from './mastodon/index.js';
import { createRedditConnector } from './reddit/index.js';
import { createTiktokConnector } from './tiktok/index.js';
import { createXConnector } from './x/index.js';
import { createYoutubeConnector } from './youtube/index.js';
import type { Connector, ConnectorDeps, ConnectorFactory } from './types.js';

type FactoryFor<P extends SourceConfig['platform']> = ConnectorFactory<Extract<SourceConfig, { platform: P }>>;

/** The explicit registry: a new platform is a folder plus one line here. */
export const connectors: { [P in SourceConfig['platform']]: FactoryFor<P> } = {
  mastodon: createMastodonConnector,
  bluesky: createBlueskyConnector,
  x: createXConnector,
  reddit: createRedditConnector,
  instagram: createInstagramConnector,
  youtube: createYoutubeConnector,
  facebook: createFacebookConnector,
  tiktok: createTiktokConnector,
};

export function createConnector(source: SourceConfig, deps: ConnectorDeps): Connector {
  const factory = connectors[source.platform] as ConnectorFactory;
  return factory(source, deps);
}

export { sourceKey } from '../config/identity.js';

export type { Platform };
