import type { TopologyType } from './domain-vocabulary';

export interface WanResponse {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly tunnelIpRange: string;
  readonly sharedServicesRange: string;
  readonly topologyType: TopologyType;
  readonly createdAt: string;
  readonly updatedAt: string;
}
