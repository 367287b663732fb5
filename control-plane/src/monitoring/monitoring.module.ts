import { Module } from '@nestjs/common';
import { MikrotikModule } from '../mikrotik/mikrotik.module';
import { TopologyModule } from '../topology/topology.module';
import { LinkStatsRepository } from './link-stats.repository';
import { MonitoringController } from './monitoring.controller';
import { RouterHealthRecorder } from './router-health.recorder';
import { RouterHealthService } from './router-health.service';
import { RouterMonitorService } from './router-monitor.service';
import { RouterReadingsRepository } from './router-readings.repository';

/** Router health rounds, the recorder site agents' readings share, and the routes that show them. */
@Module({
  imports: [MikrotikModule, TopologyModule],
  controllers: [MonitoringController],
  providers: [RouterMonitorService, RouterHealthRecorder, RouterHealthService, LinkStatsRepository, RouterReadingsRepository],
  exports: [RouterHealthRecorder],
})
export class MonitoringModule {}
