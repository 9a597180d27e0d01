import type { Campaign, ChallengeConfig, SourceConfig } from './campaigns.js';

/** A source's stable name: its cursor row, its log field, its lease. Two sources never share one. */
export function sourceKey(campaignId: string, source: SourceConfig, index: number): string {
  if (source.id) return `${campaignId}/${source.id}`;
  const endpoint = 'instance' in source ? new URL(source.instance).host : String(index);
  return `${campaignId}/${source.platform}/${endpoint}`;
}

/** A challenge's name: its snapshot file, its snapshot rows, its job. Two challenges never share one. */
export const challengeId = (campaign: Pick<Campaign, 'id'> & { challenge: Pick<ChallengeConfig, 'id'> }) => campaign.challenge.id ?? campaign.id;
