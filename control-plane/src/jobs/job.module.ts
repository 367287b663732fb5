import { Module } from '@nestjs/common';
import { PeerRepository } from '../peers/peer.repository';
import { JobController } from './job.controller';
import { JobRepository } from './job.repository';
import { JobService } from './job.service';
import { JobExecutorRegistry } from './runner/job-executor';
import { JobQueueRepository } from './runner/job-queue.repository';
import { JobRunner } from './runner/job-runner';

/** Deployment jobs: the API, the durable queue and the built-in runner. Executors register from their own modules. */
@Module({
  controllers: [JobController],
  providers: [JobService, JobRepository, PeerRepository, JobQueueRepository, JobExecutorRegistry, JobRunner],
  exports: [JobRepository, JobQueueRepository, JobExecutorRegistry, JobRunner],
})
export class JobModule {}
