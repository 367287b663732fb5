import { Module } from '@nestjs/common';
import { CredentialRevoker } from './credential-revoker';
import { SessionCache } from './session-cache';
import { SessionRepository } from './session.repository';

/**
 * Session storage and revocation, apart from the rest of auth so user administration can end
 * sessions without depending on the login code (which depends on users).
 */
@Module({
  providers: [SessionRepository, CredentialRevoker, { provide: SessionCache, useFactory: () => new SessionCache() }],
  exports: [SessionRepository, CredentialRevoker, SessionCache],
})
export class RevocationModule {}
