import { Module } from '@nestjs/common';
import { JobModule } from '../../jobs/job.module';
import { MikrotikModule } from '../../mikrotik/mikrotik.module';
import { AgentJobExecutor } from './agent-job.executor';
import { AgentRouterPoller } from './agent-router-poller';
import { JobRecoverHandler } from './job-recover.handler';
import { RouterRecoveryService } from './router-recovery.service';

/** Jobs and health polls of MikroTik routers assigned to a site agent, run on that agent over NATS. */
@Module({
  imports: [JobModule, MikrotikModule],
  providers: [AgentJobExecutor, RouterRecoveryService, JobRecoverHandler, AgentRouterPoller],
  exports: [RouterRecoveryService, AgentRouterPoller],
})
export class AgentJobsModule {}
