import { Inject, Injectable } from '@nestjs/common';
import type { PeerDetailResponse } from '@wom/contracts';
import { LinkStatsRepository } from '../monitoring/link-stats.repository';
import { withStatus } from './peer-status.view';
import { PeerRepository } from './peer.repository';
import { PeerService } from './peer.service';

/** One peer with its API reachability and tunnel state told apart (see withStatus). */
@Injectable()
export class PeerStatusService {
  constructor(
    @Inject(PeerService) private readonly peers: PeerService,
    @Inject(PeerRepository) private readonly rows: PeerRepository,
    @Inject(LinkStatsRepository) private readonly links: LinkStatsRepository,
  ) {}

  async detail(id: string, now = new Date()): Promise<PeerDetailResponse> {
    const response = await this.peers.get(id);
    const [peer, links] = await Promise.all([this.rows.findById(id), this.links.forPeer(id)]);
    // Deleted between the two reads: answer what was read, with no links.
    return withStatus(response, peer ?? { id, deploymentMode: response.deploymentMode, mikrotikApiStatus: null }, peer ? links : [], now);
  }
}
