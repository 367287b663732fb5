import { Module } from '@nestjs/common';
import { PeerRepository } from '../peers/peer.repository';
import { WanModule } from '../wan/wan.module';
import { ServiceController } from './service.controller';
import { ServiceRepository } from './service.repository';
import { ServiceService } from './service.service';

@Module({
  imports: [WanModule],
  controllers: [ServiceController],
  providers: [ServiceService, ServiceRepository, PeerRepository],
})
export class ServiceModule {}
