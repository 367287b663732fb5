import { Global, Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditInterceptor } from './audit.interceptor';
import { AuditRepository } from './audit.repository';
import { AuditService } from './audit.service';
import { requestContextMiddleware } from './request-context';

/** Global so every feature service can inject {@link AuditService}. */
@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, AuditRepository, { provide: APP_INTERCEPTOR, useClass: AuditInterceptor }],
  exports: [AuditService],
})
export class AuditModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // `{/*splat}` matches the prefix root too; healthz/readyz need no context.
    consumer.apply(requestContextMiddleware).forRoutes({ path: '{/*splat}', method: RequestMethod.ALL });
  }
}
