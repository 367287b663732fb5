import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
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
import { PublisherModule } from './publisher/publisher.module';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Keeps a caller's X-Request-Id when it is safe to log, else makes one; echoes it back. */
function requestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
  res.setHeader('X-Request-Id', id);
  return id;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.logLevel,
            genReqId: requestId,
            redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
            autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
          },
        }),
        DatabaseModule,
        AuditModule,
        AuthModule,
        RateLimitModule,
        UsersModule,
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
