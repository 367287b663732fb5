import { Module } from '@nestjs/common';
import { StateChangeRepository } from '../state-changes/state-change.repository';
import { WanController } from './wan.controller';
import { WanRepository } from './wan.repository';
import { WanService } from './wan.service';

@Module({
  controllers: [WanController],
  providers: [WanService, WanRepository, StateChangeRepository],
  exports: [WanRepository],
})
export class WanModule {}
