import type { SourceConfig } from '../config/campaigns.js';
import type { Platform } from '../domain/types.js';
import { platformOf } from './registry.js';
import type { Connector, ConnectorDeps } from './types.js';

export function createConnector(source: SourceConfig, deps: ConnectorDeps): Connector {
  const { createConnector: create } = platformOf(source.platform) as { createConnector: (source: SourceConfig, deps: ConnectorDeps) => Connector };
  return create(source, deps);
}

export { sourceKey } from '../config/identity.js';

export type { Platform };
