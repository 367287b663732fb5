import { Module } from '@nestjs/common';
import { HistoryModule } from '../history/history.module';
import { StateChangeRepository } from '../state-changes/state-change.repository';
import { TopologyModule } from '../topology/topology.module';
import { WanModule } from '../wan/wan.module';
import { ConfigsController } from './configs.controller';
import { ConfigsService } from './configs.service';
import { PrivateKeyDisclosurePolicy } from './private-key-disclosure.policy';
import { RegenerationService } from './regeneration.service';

@Module({
  imports: [WanModule, HistoryModule, TopologyModule],
  controllers: [ConfigsController],
  providers: [ConfigsService, RegenerationService, PrivateKeyDisclosurePolicy, StateChangeRepository],
  exports: [PrivateKeyDisclosurePolicy],
})
export class ConfigsModule {}
