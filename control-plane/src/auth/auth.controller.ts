import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiAuthErrors, ApiErrors, ApiPublicOperation } from '../openapi/api-responses';
import { RateLimitClass } from '../rate-limit/rate-limit.decorators';
import { AllowedBeforePasswordChange, CurrentPrincipal, Public, Roles } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResponseDoc, MeResponseDoc, type LoginResponse, type MeResponse } from './auth.dto';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

@ApiTags('authentication')
@Controller('auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @ApiPublicOperation({ summary: 'Exchanges a user name and password for a bearer access token.' })
  @ApiOkResponse({ type: LoginResponseDoc, description: 'Logged in.' })
  @ApiErrors(400, 401, 409, 429)
  @Post('login') @Public() @RateLimitClass('auth') @HttpCode(200) login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResponse> { return this.auth.login(dto, req.ip ?? 'unknown'); }

  @ApiOperation({ summary: 'Who the bearer token belongs to, with its role.' })
  @ApiOkResponse({ type: MeResponseDoc, description: 'The caller.' })
  @ApiAuthErrors()
  @Get('me') @Roles('read-only') @AllowedBeforePasswordChange() me(@CurrentPrincipal() principal: Principal): MeResponse { return this.auth.me(principal); }

  @ApiOperation({ summary: 'Changes the caller’s own password (required first after a one-time password).' })
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiAuthErrors() @ApiErrors(400)
  @Post('password') @Roles('read-only') @AllowedBeforePasswordChange() @HttpCode(204) changePassword(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePasswordDto): Promise<void> { return this.auth.changePassword(principal, dto); }
}
