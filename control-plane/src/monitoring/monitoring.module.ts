import { Module } from '@nestjs/common';
import { MikrotikModule } from '../mikrotik/mikrotik.module';
import { RouterHealthRecorder } from './router-health.recorder';
import { RouterMonitorService } from './router-monitor.service';

@Module({ imports: [MikrotikModule], providers: [RouterMonitorService, RouterHealthRecorder], exports: [RouterHealthRecorder] })
export class MonitoringModule {}
