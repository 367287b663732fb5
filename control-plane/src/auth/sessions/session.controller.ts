import { Controller, Delete, Get, HttpCode, Inject, Param, Post } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../../audit/audit.service';
import { UuidPipe } from '../../common/http/uuid.pipe';
import { ApiAuthErrors, ApiErrors } from '../../openapi/api-responses';
import { AllowedBeforePasswordChange, CurrentPrincipal, Roles } from '../auth.decorators';
import type { Principal } from '../principal';
import { SessionResponseDoc, SigningKeyRotatedDoc, type SessionResponse } from './session.dto';
import { SessionService } from './session.service';
import { SigningKeyRing } from './signing-key-ring';

/** The caller's own sessions, and the rotation of the keys that sign access tokens. */
@ApiTags('authentication')
@ApiAuthErrors()
@Controller('auth')
export class SessionController {
  constructor(
    @Inject(SessionService) private readonly sessions: SessionService,
    @Inject(SigningKeyRing) private readonly keys: SigningKeyRing,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  @ApiOperation({ summary: 'The caller’s live sessions (browsers and clients signed in); `current` marks this one.' })
  @ApiOkResponse({ type: [SessionResponseDoc], description: 'Live sessions, newest first.' })
  @Get('sessions') @Roles('read-only') @AllowedBeforePasswordChange() list(@CurrentPrincipal() principal: Principal): Promise<SessionResponse[]> { return this.sessions.listOwn(principal); }

  @ApiOperation({ summary: 'Ends one live session: the caller’s own, or anyone’s for an admin.' })
  @ApiNoContentResponse({ description: 'Ended.' })
  @ApiErrors(400, 404)
  @Delete('sessions/:id') @Roles('read-only') @AllowedBeforePasswordChange() @HttpCode(204)
  revoke(@CurrentPrincipal() principal: Principal, @Param('id', UuidPipe) id: string): Promise<void> { return this.sessions.revoke(principal, id); }

  @ApiOperation({ summary: 'Rotates the access-token signing key: new tokens use a new key; tokens already issued stay valid until they expire.' })
  @ApiOkResponse({ type: SigningKeyRotatedDoc, description: 'Rotated.' })
  @Post('signing-keys/rotate') @Roles('admin') @HttpCode(200)
  async rotateSigningKey(): Promise<SigningKeyRotatedDoc> {
    const { kid, previousKid } = await this.keys.rotate();
    await this.audit.record(null, { action: 'auth.signing-key.rotate', entityType: 'signing-key', entityId: kid, before: { signingKid: previousKid }, after: { signingKid: kid } });
    return { kid };
  }
}

/** An admin's view of another user's sessions. */
@ApiTags('users')
@ApiAuthErrors()
@Controller('users')
@Roles('admin')
export class UserSessionController {
  constructor(@Inject(SessionService) private readonly sessions: SessionService) {}

  @ApiOperation({ summary: 'A user’s live sessions.' })
  @ApiOkResponse({ type: [SessionResponseDoc], description: 'Live sessions, newest first.' })
  @ApiErrors(400, 404)
  @Get(':id/sessions') list(@Param('id', UuidPipe) id: string): Promise<SessionResponse[]> { return this.sessions.listOfUserChecked(id); }

  @ApiOperation({ summary: 'Ends every session of a user (signs them out everywhere).' })
  @ApiNoContentResponse({ description: 'Ended.' })
  @ApiErrors(400, 404)
  @Delete(':id/sessions') @HttpCode(204) revokeAll(@Param('id', UuidPipe) id: string): Promise<void> { return this.sessions.revokeAllOfUser(id); }
}
