import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { StateChangeRepository } from '../state-changes/state-change.repository';
import { TopologySnapshotRepository } from '../topology/topology-snapshot.repository';
import { WanModule } from '../wan/wan.module';
import { ConfigsController } from './configs.controller';
import { ConfigsService } from './configs.service';
import { PrivateKeyDisclosurePolicy } from './private-key-disclosure.policy';
import { RegenerationService } from './regeneration.service';

@Module({
  imports: [WanModule, HistoryModule],
  controllers: [ConfigsController],
  providers: [ConfigsService, RegenerationService, PrivateKeyDisclosurePolicy, TopologySnapshotRepository, StateChangeRepository],
  exports: [PrivateKeyDisclosurePolicy],
})
export class ConfigsModule {}
