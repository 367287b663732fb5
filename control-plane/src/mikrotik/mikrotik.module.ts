import { Module } from '@nestjs/common';
import { JobModule } from '../jobs/job.module';
import { TopologyModule } from '../topology/topology.module';
import { WanModule } from '../wan/wan.module';
import { AutoDeployService } from './auto-deploy.service';
import { DesiredConfigSource } from './desired-config.source';
import { MikrotikJobExecutor } from './mikrotik-job.executor';
import { MikrotikController } from './mikrotik.controller';
import { MikrotikService } from './mikrotik.service';
import { RouterClientFactory } from './router-client.factory';
import { RouterRecords } from './router-records';
import { RouterExecutorService } from './router-executor.service';
import { RouterSessions } from './router-session';
import { RouterTargetResolver } from './router-target.resolver';

/** MikroTik routers over their REST API: endpoints, the job executor and auto-deploy. */
@Module({
  imports: [JobModule, WanModule, TopologyModule],
  controllers: [MikrotikController],
  providers: [MikrotikService, MikrotikJobExecutor, RouterClientFactory, RouterRecords, RouterSessions, DesiredConfigSource, AutoDeployService, RouterExecutorService, RouterTargetResolver],
  exports: [MikrotikService, MikrotikJobExecutor, RouterClientFactory, RouterRecords, RouterSessions, DesiredConfigSource],
})
export class MikrotikModule {}
