import { Module } from '@nestjs/common';
import { WanModule } from '../wan/wan.module';
import { CompiledWanCache } from './compiled-wan.cache';
import { ConnectionService } from './connection.service';
import { LinkHandshakeRepository } from './link-handshake.repository';
import { TopologySnapshotRepository } from './topology-snapshot.repository';
import { TopologyController } from './topology.controller';
import { TopologyService } from './topology.service';

@Module({
  imports: [WanModule],
  controllers: [TopologyController],
  providers: [TopologyService, ConnectionService, TopologySnapshotRepository, CompiledWanCache, LinkHandshakeRepository],
  exports: [TopologySnapshotRepository, CompiledWanCache],
})
export class TopologyModule {}
