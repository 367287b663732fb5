import { Module } from '@nestjs/common';
import { TopologyModule } from '../topology/topology.module';
import { DesiredStatePublisher } from './desired-state.publisher';

/** Desired state over NATS: revisions from the state_change outbox, notices and snapshots. */
@Module({
  imports: [TopologyModule],
  providers: [DesiredStatePublisher],
  exports: [DesiredStatePublisher],
})
export class PublisherModule {}
