import { Inject, Injectable } from '@nestjs/common';
import { prepareCompilation, type DesiredState } from '@wom/domain';
import { AppError } from '../common/errors/app-error';
import { TopologySnapshotRepository } from '../topology/topology-snapshot.repository';

/** The DesiredState a router should hold, compiled from the database as it is now. */
@Injectable()
export class DesiredConfigSource {
  constructor(@Inject(TopologySnapshotRepository) private readonly topology: TopologySnapshotRepository) {}

  async forPeer(wanId: string, peerId: string): Promise<DesiredState> {
    const gathered = await this.topology.gather(wanId);
    const state = gathered && prepareCompilation(gathered.snapshot).peer(peerId).state;
    if (!state) throw new AppError('PEER.NOT_FOUND', `No peer has the id ${peerId}.`);
    return state;
  }

  /** Every peer's state of one WAN from a single compilation (auto-deploy compares many routers at once). */
  async forPeers(wanId: string, peerIds: readonly string[]): Promise<Map<string, DesiredState>> {
    const gathered = await this.topology.gather(wanId);
    const states = new Map<string, DesiredState>();
    if (!gathered) return states;
    const compilation = prepareCompilation(gathered.snapshot);
    for (const peerId of peerIds) {
      const state = compilation.peer(peerId).state;
      if (state) states.set(peerId, state);
    }
    return states;
  }
}
