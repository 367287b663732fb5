import { Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { pino } from 'pino';
import { AppModule } from './app.module';
import { toErrorResponse } from './common/errors/to-error-response';
import { jsonParserOptions, refuseNonJsonBodies } from './common/http/json-body';
import { httpLogging } from './common/logging/http-logging';
import { PinoNestLogger } from './common/logging/pino-nest.logger';
import type { AppConfig } from './config/app-config';
import { setupOpenApi } from './openapi/openapi';
import { strictTransportSecurity } from './tls/hsts';
import type { ServedCertificate } from './tls/served-certificate';
import { TlsModule } from './tls/tls.module';

/** The app plus what is decided before it starts: the certificate it serves, if any. */
@Module({})
class ServedAppModule {
  static forRoot(config: AppConfig, served: ServedCertificate | null): DynamicModule {
    return { module: ServedAppModule, imports: [AppModule.forRoot(config), TlsModule.forRoot(served)] };
  }
}

/**
 * Builds the configured app without listening, so `main.ts` and the integration tests share it.
 * With a certificate it is an HTTPS server.
 */
export async function createApp(config: AppConfig, served: ServedCertificate | null = null): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ServedAppModule.forRoot(config, served), {
    bufferLogs: true,
    bodyParser: false,
    ...(served === null ? {} : { httpsOptions: served.httpsOptions() }),
  });
  const logger = pino({ level: config.logLevel });
  app.useLogger(new PinoNestLogger(logger));
  app.use(httpLogging(logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  // helmet's default CSP suits the built console (same-origin scripts, data: images), except
  // upgrade-insecure-requests: it would send the console's own scripts to https:// when the
  // control plane is reached over plain HTTP on a non-loopback address, leaving a blank page.
  // helmet's HSTS would go out over plain HTTP too; strictTransportSecurity sends it over HTTPS only.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } }, strictTransportSecurity: false }));
  app.use(strictTransportSecurity);
  app.enableCors({ origin: config.corsOrigins.length > 0 ? [...config.corsOrigins] : false });
  app.use(refuseNonJsonBodies);
  app.useBodyParser('json', jsonParserOptions(config.bodyLimit));
  // Body-parser errors happen before routing, where Nest's filters can't see them; map them
  // with the same function the ErrorFilter uses so the shape stays one.
  app.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const { status, body } = toErrorResponse(error);
    res.status(status).json(body);
  });
  app.setGlobalPrefix('api', { exclude: ['healthz', 'readyz', 'metrics', 'install/agent.sh', 'install/:file'] });
  setupOpenApi(app);
  app.enableShutdownHooks();
  return app;
}
