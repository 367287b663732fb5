import { detectConflicts, type CriticalConflict, type LocalSubnet } from '@wom/domain';
import { AppError } from '../common/errors/app-error';
import type { PeerEntity, WanNetworkEntity } from '../database/entities';

const toDomainSubnet = (subnet: LocalSubnet): LocalSubnet => ({
  id: subnet.id,
  peerId: subnet.peerId,
  cidr: subnet.cidr,
  isRouted: subnet.isRouted,
  natEnabled: subnet.natEnabled,
  natTranslatedCidr: subnet.natTranslatedCidr,
  description: subnet.description,
});

/**
 * Blocks a change that puts a peer's subnet on top of the WAN's own ranges (spec §9.2 a/b):
 * such a peer could not tell its LAN from the overlay. The 409 lists each conflict with the
 * resolutions that would remove it. Routing conflicts between peers don't block; they are
 * stored and resolved separately.
 */
export function assertNoCriticalConflicts(wan: Pick<WanNetworkEntity, 'tunnelIpRange' | 'sharedServicesRange'>, wanSubnets: readonly LocalSubnet[], peer: Pick<PeerEntity, 'id' | 'name'>): void {
  const conflicts = detectConflicts(
    {
      tunnelIpRange: wan.tunnelIpRange,
      sharedServicesRange: wan.sharedServicesRange,
      subnets: wanSubnets.map(toDomainSubnet),
      // A critical conflict involves only this peer's subnet, so only its name is needed.
      peerNames: new Map([[peer.id, peer.name]]),
    },
    { peerId: peer.id },
  ).filter((conflict): conflict is CriticalConflict => conflict.severity === 'critical');
  if (conflicts.length === 0) return;
  throw new AppError('PEER.SUBNET_CONFLICT', conflicts.map((c) => c.message).join(' '), {
    conflicts: conflicts.map((c) => ({ id: c.id, severity: c.severity, cidr: c.a.cidr, range: c.b.kind, overlap: c.overlap, message: c.message, resolutions: c.resolutions })),
  });
}
