import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { UsersModule } from '../users/users.module';
import { ApiKeyController } from './api-keys/api-key.controller';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeyService } from './api-keys/api-key.service';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BOOTSTRAP_OUTPUT, BootstrapAdminService, stdoutOutput } from './bootstrap-admin.service';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { OidcAccountRepository } from './oidc/oidc-account.repository';
import { OidcFlowCookie } from './oidc/oidc-flow-cookie';
import { OidcLoginService } from './oidc/oidc-login.service';
import { OidcProviderAdapter } from './oidc/oidc-provider.adapter';
import { OidcController } from './oidc/oidc.controller';
import { AccessTokens } from './sessions/access-tokens';
import { RevocationModule } from './sessions/revocation.module';
import { SessionController, UserSessionController } from './sessions/session.controller';
import { SessionService } from './sessions/session.service';
import { SigningKeyRing } from './sessions/signing-key-ring';

/** Login (password and single sign-on), sessions, API keys, bootstrap, and the global guard every route passes through. */
@Module({
  // No module-wide secret: every sign and verify names its key (SigningKeyRing).
  imports: [UsersModule, RevocationModule, JwtModule.register({})],
  controllers: [AuthController, OidcController, SessionController, UserSessionController, ApiKeyController],
  providers: [
    AuthService,
    SessionService,
    SigningKeyRing,
    AccessTokens,
    FailedAuthLimiter,
    OidcLoginService,
    OidcProviderAdapter,
    OidcAccountRepository,
    OidcFlowCookie,
    ApiKeyService,
    ApiKeyRepository,
    BootstrapAdminService,
    { provide: BOOTSTRAP_OUTPUT, useValue: stdoutOutput },
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
})
export class AuthModule {}
