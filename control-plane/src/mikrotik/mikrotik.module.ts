import { Module } from '@nestjs/common';
import { JobModule } from '../jobs/job.module';
import { WanModule } from '../wan/wan.module';
import { MikrotikController } from './mikrotik.controller';
import { MikrotikService } from './mikrotik.service';

@Module({
  imports: [JobModule, WanModule],
  controllers: [MikrotikController],
  providers: [MikrotikService],
})
export class MikrotikModule {}
