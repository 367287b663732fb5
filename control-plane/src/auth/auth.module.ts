import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { UsersModule } from '../users/users.module';
import { ApiKeyController } from './api-keys/api-key.controller';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeyService } from './api-keys/api-key.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BOOTSTRAP_OUTPUT, BootstrapAdminService, stdoutOutput } from './bootstrap-admin.service';
import { loadJwtSecret } from './jwt-secret';

/** Login, API keys, bootstrap, and the global guard every route passes through. */
@Module({
  imports: [
    UsersModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig) => ({
        secret: await loadJwtSecret(config),
        signOptions: { algorithm: 'HS256', expiresIn: config.jwtTtlSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, ApiKeyController],
  providers: [
    AuthService,
    ApiKeyService,
    ApiKeyRepository,
    BootstrapAdminService,
    { provide: BOOTSTRAP_OUTPUT, useValue: stdoutOutput },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthModule {}
