import { Inject, Injectable } from '@nestjs/common';
import type { DesiredState } from '@wom/domain';
import { AppError } from '../common/errors/app-error';
import { CompiledWanCache } from '../topology/compiled-wan.cache';

/**
 * The DesiredState a router should hold, as the database describes it now. It comes from the
 * per-WAN compilation cache, so a deploy-all of many routers compiles the WAN once.
 */
@Injectable()
export class DesiredConfigSource {
  constructor(@Inject(CompiledWanCache) private readonly compiled: CompiledWanCache) {}

  async forPeer(wanId: string, peerId: string): Promise<DesiredState> {
    const state = (await this.compiled.forWan(wanId))?.prepared.peer(peerId).state;
    if (!state) throw new AppError('PEER.NOT_FOUND', `No peer has the id ${peerId}.`);
    return state;
  }

  /** Every peer's state of one WAN from a single compilation (auto-deploy compares many routers at once). */
  async forPeers(wanId: string, peerIds: readonly string[]): Promise<Map<string, DesiredState>> {
    const states = new Map<string, DesiredState>();
    const compilation = (await this.compiled.forWan(wanId))?.prepared;
    if (!compilation) return states;
    for (const peerId of peerIds) {
      const state = compilation.peer(peerId).state;
      if (state) states.set(peerId, state);
    }
    return states;
  }
}
