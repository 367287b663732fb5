import { Module } from '@nestjs/common';
import { PeerRepository } from '../peers/peer.repository';
import { JobController } from './job.controller';
import { JobRepository } from './job.repository';
import { JobService } from './job.service';

@Module({
  controllers: [JobController],
  providers: [JobService, JobRepository, PeerRepository],
  exports: [JobRepository],
})
export class JobModule {}
