import { Module } from '@nestjs/common';
import { WanModule } from '../wan/wan.module';
import { ConnectionService } from './connection.service';
import { TopologySnapshotRepository } from './topology-snapshot.repository';
import { TopologyController } from './topology.controller';
import { TopologyService } from './topology.service';

@Module({
  imports: [WanModule],
  controllers: [TopologyController],
  providers: [TopologyService, ConnectionService, TopologySnapshotRepository],
  exports: [TopologySnapshotRepository],
})
export class TopologyModule {}
