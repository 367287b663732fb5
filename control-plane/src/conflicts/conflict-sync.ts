import { detectConflicts, type RoutingConflict, type SubnetConflict } from '@wom/domain';
import { In, type EntityManager } from 'typeorm';
import { LocalSubnetEntity, PeerEntity, SubnetConflictEntity, WanNetworkEntity } from '../database/entities';
import { toDomainSubnet } from '../topology/topology-snapshot.repository';
import { planConflictSync } from './conflict-sync.plan';

/** Every conflict of a WAN as it stands inside the caller's transaction. */
export async function detectWanConflicts(manager: EntityManager, wan: Pick<WanNetworkEntity, 'id' | 'tunnelIpRange' | 'sharedServicesRange'>): Promise<SubnetConflict[]> {
  const peers = await manager.find(PeerEntity, { where: { wanId: wan.id }, select: { id: true, name: true } });
  const subnets = await manager
    .createQueryBuilder(LocalSubnetEntity, 'subnet')
    .innerJoin(PeerEntity, 'peer', 'peer.id = subnet.peer_id')
    .where('peer.wan_id = :wanId', { wanId: wan.id })
    .getMany();
  return detectConflicts({
    tunnelIpRange: wan.tunnelIpRange,
    sharedServicesRange: wan.sharedServicesRange,
    subnets: subnets.map(toDomainSubnet),
    peerNames: new Map(peers.map((peer) => [peer.id, peer.name])),
  });
}

const isRouting = (conflict: SubnetConflict): conflict is RoutingConflict => conflict.severity === 'routing';

/**
 * Re-detects a WAN's routing conflicts and brings the subnet_conflict rows in line, inside
 * the transaction that changed the subnets, so the stored list never lags a committed change.
 * A plain function taking the manager rather than a provider, because the peer service calls
 * it too and the conflict module already depends on the peer side.
 */
export async function syncStoredConflicts(manager: EntityManager, wan: Pick<WanNetworkEntity, 'id' | 'tunnelIpRange' | 'sharedServicesRange'>): Promise<RoutingConflict[]> {
  const detected = (await detectWanConflicts(manager, wan)).filter(isRouting);
  const stored = await manager.find(SubnetConflictEntity, { where: { wanId: wan.id } });
  const plan = planConflictSync(stored, detected);
  if (plan.remove.length > 0) await manager.delete(SubnetConflictEntity, { id: In([...plan.remove]) });
  const byId = new Map(stored.map((row) => [row.id, row]));
  const changed = plan.update.map(({ id, conflict, reopen }) => {
    const row = byId.get(id)!;
    Object.assign(row, { severity: conflict.severity, kinds: [...conflict.kinds], detail: toDetail(conflict) });
    if (reopen) Object.assign(row, { status: 'open', resolution: null, resolvedAt: null });
    return row;
  });
  const added = plan.insert.map((conflict) =>
    manager.create(SubnetConflictEntity, { wanId: wan.id, conflictKey: conflict.id, severity: conflict.severity, kinds: [...conflict.kinds], detail: toDetail(conflict) }),
  );
  if (changed.length + added.length > 0) await manager.save([...changed, ...added]);
  return detected;
}

const toDetail = (conflict: RoutingConflict): Record<string, unknown> => JSON.parse(JSON.stringify(conflict)) as Record<string, unknown>;
