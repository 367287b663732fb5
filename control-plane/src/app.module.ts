import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ErrorFilter } from './common/errors/error.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import type { AppConfig } from './config/app-config';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { ConfigModule } from './config/config.module';
import { RateLimitModule } from './rate-limit/rate-limit.module';
import { UsersModule } from './users/users.module';
import { DatabaseModule } from './database/database.module';
import { HealthController } from './health/health.controller';
import { PeerModule } from './peers/peer.module';
import { ConfigsModule } from './configs/configs.module';
import { EventsModule } from './events/events.module';
import { HistoryModule } from './history/history.module';
import { MetricsModule } from './metrics/metrics.module';
import { SecretsModule } from './secrets/secrets.module';
import { TemplatesModule } from './templates/templates.module';
import { WanModule } from './wan/wan.module';
import { ConflictModule } from './conflicts/conflict.module';
import { ConsoleModule } from './console/console.module';
import { JobModule } from './jobs/job.module';
import { MikrotikModule } from './mikrotik/mikrotik.module';
import { DriftModule } from './drift/drift.module';
import { MonitoringModule } from './monitoring/monitoring.module';
import { ServiceModule } from './services/service.module';
import { TopologyModule } from './topology/topology.module';
import { NatsModule } from './nats/nats.module';
import { AgentsModule } from './agents/agents.module';
import { InstallModule } from './install/install.module';
import { PublisherModule } from './publisher/publisher.module';
import { RemovalModule } from './removal/removal.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        AuditModule,
        AuthModule,
        RateLimitModule,
        UsersModule,
        RemovalModule,
        WanModule,
        PeerModule,
        SecretsModule,
        EventsModule,
        MetricsModule,
        TemplatesModule,
        HistoryModule,
        ConfigsModule,
        ServiceModule,
        ConflictModule,
        TopologyModule,
        JobModule,
        MikrotikModule,
        NatsModule,
        PublisherModule,
        // Before AgentsModule: its GET agents/install must not be taken for GET agents/:id.
        InstallModule,
        AgentsModule,
        DriftModule,
        MonitoringModule,
        // Last: it serves the built console once every API route is in place.
        ConsoleModule,
      ],
      controllers: [HealthController],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
