import { Module } from '@nestjs/common';
import { StateChangeRepository } from '../state-changes/state-change.repository';
import { WanModule } from '../wan/wan.module';
import { PeerController } from './peer.controller';
import { PeerRepository } from './peer.repository';
import { PeerService } from './peer.service';

@Module({
  imports: [WanModule],
  controllers: [PeerController],
  providers: [PeerService, PeerRepository, StateChangeRepository],
})
export class PeerModule {}
