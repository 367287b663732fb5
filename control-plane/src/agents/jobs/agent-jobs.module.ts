import { Module } from '@nestjs/common';
import { JobModule } from '../../jobs/job.module';
import { MikrotikModule } from '../../mikrotik/mikrotik.module';
import { AgentJobExecutor } from './agent-job.executor';

/** Jobs of MikroTik routers assigned to a site agent, run on that agent over NATS. */
@Module({
  imports: [JobModule, MikrotikModule],
  providers: [AgentJobExecutor],
})
export class AgentJobsModule {}
