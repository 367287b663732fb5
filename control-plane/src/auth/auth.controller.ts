import { Body, Controller, Get, Header, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ApiAuthErrors, ApiErrors, ApiPublicOperation } from '../openapi/api-responses';
import { RateLimitClass } from '../rate-limit/rate-limit.decorators';
import { AllowedBeforePasswordChange, CurrentPrincipal, Public, Roles } from './auth.decorators';
import { ChangePasswordDto, LoginDto, LoginResponseDoc, MeResponseDoc, type LoginResponse, type MeResponse } from './auth.dto';
import { AuthService, type ClientInfo, type IssuedSession } from './auth.service';
import { clearRefreshCookie, readRefreshCookie, setRefreshCookie } from './sessions/refresh-cookie';
import type { Principal } from './principal';

@ApiTags('authentication')
@Controller('auth')
export class AuthController {
  constructor(
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiPublicOperation({ summary: 'Exchanges a user name and password for a short-lived access token, and starts a session: its refresh token comes as an HttpOnly cookie.' })
  @ApiOkResponse({ type: LoginResponseDoc, description: 'Logged in; Set-Cookie carries the refresh token (path /api/auth).' })
  @ApiErrors(400, 401, 409, 429)
  @Post('login') @Public() @RateLimitClass('auth') @HttpCode(200) @Header('Cache-Control', 'no-store')
  async login(@Body() dto: LoginDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> { return this.issue(req, res, await this.auth.login(dto, clientOf(req))); }

  @ApiPublicOperation({ summary: 'A new access token for the refresh-token cookie, which is rotated; a refresh token used twice ends its session.' })
  @ApiOkResponse({ type: LoginResponseDoc, description: 'Refreshed; Set-Cookie carries the next refresh token.' })
  @ApiErrors(401, 429)
  @Post('refresh') @Public() @RateLimitClass('auth') @HttpCode(200) @Header('Cache-Control', 'no-store')
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<LoginResponse> { return this.issue(req, res, await this.auth.refresh(readRefreshCookie(req), clientOf(req))); }

  @ApiPublicOperation({ summary: 'Ends the session of the refresh-token cookie and clears the cookie; its access tokens stop working at once.' })
  @ApiNoContentResponse({ description: 'Signed out (also when there was no valid session).' })
  @Post('logout') @Public() @RateLimitClass('auth') @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(readRefreshCookie(req));
    clearRefreshCookie(req, res, this.config.sessions.cookieSecure);
  }

  @ApiOperation({ summary: 'Who the bearer token belongs to, with its role.' })
  @ApiOkResponse({ type: MeResponseDoc, description: 'The caller.' })
  @ApiAuthErrors()
  @Get('me') @Roles('read-only') @AllowedBeforePasswordChange() me(@CurrentPrincipal() principal: Principal): MeResponse { return this.auth.me(principal); }

  @ApiOperation({ summary: 'Changes the caller’s own password (required first after a one-time password); every session of the caller ends, so log in again.' })
  @ApiNoContentResponse({ description: 'Changed.' })
  @ApiAuthErrors() @ApiErrors(400)
  @Post('password') @Roles('read-only') @AllowedBeforePasswordChange() @HttpCode(204)
  async changePassword(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePasswordDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.changePassword(principal, dto);
    clearRefreshCookie(req, res, this.config.sessions.cookieSecure);
  }

  private issue(req: Request, res: Response, issued: IssuedSession): LoginResponse {
    if (issued.refreshToken !== null) setRefreshCookie(req, res, issued.refreshToken, this.config.sessions.ttlSeconds, this.config.sessions.cookieSecure);
    return issued.response;
  }
}

export const clientOf = (req: Request): ClientInfo => ({ address: req.ip ?? 'unknown', userAgent: typeof req.headers['user-agent'] === 'string' ? req.headers['user-agent'] : null });
