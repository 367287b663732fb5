import { Module } from '@nestjs/common';
import { JobModule } from '../jobs/job.module';
import { MikrotikModule } from '../mikrotik/mikrotik.module';
import { WanModule } from '../wan/wan.module';
import { DriftFleetRepository } from './drift-fleet.repository';
import { DriftController } from './drift.controller';
import { DriftScheduler } from './drift.scheduler';
import { DriftService } from './drift.service';

@Module({
  imports: [JobModule, MikrotikModule, WanModule],
  controllers: [DriftController],
  providers: [DriftService, DriftScheduler, DriftFleetRepository],
})
export class DriftModule {}
