import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { JsonObject } from '@bufbuild/protobuf';
import { CurrentPrincipal, Public, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import type { Page } from '../common/http/pagination.dto';
import { UuidPipe } from '../common/http/uuid.pipe';
import { ApiAuthErrors, ApiErrors, ApiOkPage, ApiPublicOperation } from '../openapi/api-responses';
import { RateLimitClass } from '../rate-limit/rate-limit.decorators';
import { AgentService, type RevokeAgentResponse } from './agent.service';
import {
  AgentListQuery,
  AgentResponseDoc,
  CreatedEnrollmentTokenResponseDoc,
  CreateEnrollmentTokenDto,
  EnrollDto,
  EnrollmentTokenResponseDoc,
  EnrollResponseDoc,
  RevokeAgentResponseDoc,
  TokenListQuery,
  type AgentResponse,
  type CreatedEnrollmentTokenResponse,
  type EnrollmentTokenResponse,
} from './agents.dto';
import { EnrollmentTokenService } from './enrollment-token.service';
import { EnrollmentService } from './enrollment.service';

/** Enrollment tokens: operators hand them to the people installing agents. */
@ApiTags('agents')
@ApiAuthErrors()
@Controller('enrollment-tokens')
@Roles('operator')
export class EnrollmentTokenController {
  constructor(@Inject(EnrollmentTokenService) private readonly tokens: EnrollmentTokenService) {}

  /** The secret is in this response only; it is stored hashed. */
  @ApiOperation({ summary: 'Creates an enrollment token for a WAN, bound to a peer or describing the peer it creates; the secret and the install command are shown in this answer only.' })
  @ApiCreatedResponse({ type: CreatedEnrollmentTokenResponseDoc, description: 'Created; `token` is the secret, `installCommand` the line to run on the box.' })
  @ApiErrors(400, 404, 409)
  @Post() create(@Body() dto: CreateEnrollmentTokenDto, @CurrentPrincipal() principal?: Principal): Promise<CreatedEnrollmentTokenResponse> {
    return this.tokens.create(dto, principal?.kind === 'user' ? principal.id : null);
  }

  @ApiOperation({ summary: 'The enrollment tokens, newest first, optionally of one WAN; never their secrets.' })
  @ApiOkPage(EnrollmentTokenResponseDoc, 'One page of enrollment tokens.')
  @ApiErrors(400)
  @Get() list(@Query() query: TokenListQuery): Promise<Page<EnrollmentTokenResponse>> {
    return this.tokens.list(query.wanId, query.limit, query.offset);
  }

  @ApiOperation({ summary: 'Revokes an enrollment token: no agent can enroll with it any more.' })
  @ApiOkResponse({ type: EnrollmentTokenResponseDoc, description: 'The token as revoked.' })
  @ApiErrors(400, 404)
  @Delete(':id') revoke(@Param('id', UuidPipe) id: string): Promise<EnrollmentTokenResponse> {
    return this.tokens.revoke(id);
  }
}

/** Agents: enrollment (authenticated by the token itself), listing, approval, revocation. */
@ApiTags('agents')
@Controller('agents')
export class AgentController {
  constructor(
    @Inject(EnrollmentService) private readonly enrollment: EnrollmentService,
    @Inject(AgentService) private readonly agents: AgentService,
  ) {}

  /** Body and response are the JSON forms of wom.agent.v1.EnrollmentRequest/Response. */
  @ApiPublicOperation({ summary: 'Enrolls an agent with an enrollment token: creates or binds its peer and returns its NATS credentials.' })
  @ApiCreatedResponse({ type: EnrollResponseDoc, description: 'Enrolled; `pendingApproval` says whether an operator must approve it first.' })
  @ApiErrors(400, 401, 409, 410, 429, 503)
  @Post('enroll') @Public() @RateLimitClass('auth') enroll(@Body() dto: EnrollDto): Promise<JsonObject> {
    return this.enrollment.enroll(dto);
  }

  @ApiOperation({ summary: 'The enrolled agents, optionally of one WAN.' })
  @ApiOkPage(AgentResponseDoc, 'One page of agents.')
  @ApiAuthErrors() @ApiErrors(400)
  @Get() @Roles('read-only') list(@Query() query: AgentListQuery): Promise<Page<AgentResponse>> {
    return this.agents.list(query.wanId, query.limit, query.offset);
  }

  @ApiOperation({ summary: 'One agent.' })
  @ApiOkResponse({ type: AgentResponseDoc, description: 'The agent.' })
  @ApiAuthErrors() @ApiErrors(400, 404)
  @Get(':id') @Roles('read-only') get(@Param('id', UuidPipe) id: string): Promise<AgentResponse> {
    return this.agents.get(id);
  }

  @ApiOperation({ summary: 'Approves a pending agent: it starts receiving its configuration.' })
  @ApiOkResponse({ type: AgentResponseDoc, description: 'The agent, now active.' })
  @ApiAuthErrors() @ApiErrors(400, 404, 409)
  @Post(':id/approve') @Roles('operator') @HttpCode(200) approve(@Param('id', UuidPipe) id: string): Promise<AgentResponse> {
    return this.agents.approve(id);
  }

  @ApiOperation({ summary: 'Revokes an agent: its NATS credentials stop working and it gets no more configuration.' })
  @ApiOkResponse({ type: RevokeAgentResponseDoc, description: 'The agent as revoked.' })
  @ApiAuthErrors() @ApiErrors(400, 404)
  @Post(':id/revoke') @Roles('operator') @HttpCode(200) revoke(@Param('id', UuidPipe) id: string): Promise<RevokeAgentResponse> {
    return this.agents.revoke(id);
  }
}
