import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import type { JsonObject } from '@bufbuild/protobuf';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { Page } from '../common/http/pagination.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import { RateLimitClass } from '../rate-limit/rate-limit.decorators';
import { AgentService, type RevokeAgentResponse } from './agent.service';
import {
  AgentListQuery,
  CreateEnrollmentTokenDto,
  EnrollDto,
  TokenListQuery,
  type AgentResponse,
  type CreatedEnrollmentTokenResponse,
  type EnrollmentTokenResponse,
} from './agents.dto';
import { EnrollmentTokenService } from './enrollment-token.service';
import { EnrollmentService } from './enrollment.service';

/** Enrollment tokens: operators hand them to the people installing agents. */
@Controller('enrollment-tokens')
@Roles('operator')
export class EnrollmentTokenController {
  constructor(@Inject(EnrollmentTokenService) private readonly tokens: EnrollmentTokenService) {}

  /** The secret is in this response only; it is stored hashed. */
  @Post() create(@Body() dto: CreateEnrollmentTokenDto, @CurrentPrincipal() principal?: Principal): Promise<CreatedEnrollmentTokenResponse> {
    return this.tokens.create(dto, principal?.kind === 'user' ? principal.id : null);
  }

  @Get() list(@Query() query: TokenListQuery): Promise<Page<EnrollmentTokenResponse>> {
    return this.tokens.list(query.wanId, query.limit, query.offset);
  }

  @Delete(':id') revoke(@Param('id', UuidPipe) id: string): Promise<EnrollmentTokenResponse> {
    return this.tokens.revoke(id);
  }
}

/** Agents: enrollment (authenticated by the token itself), listing, approval, revocation. */
@Controller('agents')
export class AgentController {
  constructor(
    @Inject(EnrollmentService) private readonly enrollment: EnrollmentService,
    @Inject(AgentService) private readonly agents: AgentService,
  ) {}

  /** Body and response are the JSON forms of wom.agent.v1.EnrollmentRequest/Response. */
  @Post('enroll') @Public() @RateLimitClass('auth') enroll(@Body() dto: EnrollDto): Promise<JsonObject> {
    return this.enrollment.enroll(dto);
  }

  @Get() @Roles('read-only') list(@Query() query: AgentListQuery): Promise<Page<AgentResponse>> {
    return this.agents.list(query.wanId, query.limit, query.offset);
  }

  @Get(':id') @Roles('read-only') get(@Param('id', UuidPipe) id: string): Promise<AgentResponse> {
    return this.agents.get(id);
  }

  @Post(':id/approve') @Roles('operator') @HttpCode(200) approve(@Param('id', UuidPipe) id: string): Promise<AgentResponse> {
    return this.agents.approve(id);
  }

  @Post(':id/revoke') @Roles('operator') @HttpCode(200) revoke(@Param('id', UuidPipe) id: string): Promise<RevokeAgentResponse> {
    return this.agents.revoke(id);
  }
}
