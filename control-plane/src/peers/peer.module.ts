import { Module } from '@nestjs/common';
import { StateChangeRepository } from '../state-changes/state-change.repository';
import { WanModule } from '../wan/wan.module';
import { PeerController } from './peer.controller';
import { PeerRepository } from './peer.repository';
import { LinkStatsRepository } from '../monitoring/link-stats.repository';
import { PeerStatusService } from './peer-status.service';
import { PeerService } from './peer.service';

@Module({
  imports: [WanModule],
  controllers: [PeerController],
  providers: [PeerService, PeerRepository, StateChangeRepository, PeerStatusService, LinkStatsRepository],
  // Enrollment creates and binds agents' peers through the same service as the API.
  exports: [PeerService],
})
export class PeerModule {}
