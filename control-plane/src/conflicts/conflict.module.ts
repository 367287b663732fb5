import { Module } from '@nestjs/common';
import { PeerRepository } from '../peers/peer.repository';
import { TopologySnapshotRepository } from '../topology/topology-snapshot.repository';
import { WanModule } from '../wan/wan.module';
import { ConflictController } from './conflict.controller';
import { ConflictService } from './conflict.service';

@Module({
  imports: [WanModule],
  controllers: [ConflictController],
  providers: [ConflictService, PeerRepository, TopologySnapshotRepository],
})
export class ConflictModule {}
