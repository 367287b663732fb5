import { Module } from '@nestjs/common';
import { MonitoringModule } from '../monitoring/monitoring.module';
import { PeerModule } from '../peers/peer.module';
import { PublisherModule } from '../publisher/publisher.module';
import { AccountPublisher } from './account-publisher';
import { AgentReportHandler } from './agent-report.handler';
import { AgentReportsConsumer } from './agent-reports.consumer';
import { RouterHealthReports } from './router-health-reports';
import { AgentService } from './agent.service';
import { AgentController, EnrollmentTokenController } from './agents.controller';
import { EnrollmentTokenService } from './enrollment-token.service';
import { EnrollmentService } from './enrollment.service';
import { AgentJobsModule } from './jobs/agent-jobs.module';

/** Enrollment, the agents API, revocation through the NATS account, and agent reports. */
@Module({
  imports: [PeerModule, PublisherModule, AgentJobsModule, MonitoringModule],
  controllers: [EnrollmentTokenController, AgentController],
  providers: [EnrollmentTokenService, EnrollmentService, AgentService, AccountPublisher, AgentReportHandler, AgentReportsConsumer, RouterHealthReports],
  exports: [AgentService, AccountPublisher],
})
export class AgentsModule {}
