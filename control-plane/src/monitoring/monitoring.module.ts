import { Module } from '@nestjs/common';
import { MikrotikModule } from '../mikrotik/mikrotik.module';
import { RouterMonitorService } from './router-monitor.service';

@Module({ imports: [MikrotikModule], providers: [RouterMonitorService] })
export class MonitoringModule {}
