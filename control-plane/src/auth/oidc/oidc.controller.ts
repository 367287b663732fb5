import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { SignInProvidersResponse } from '@wom/contracts';
import type { Request, Response } from 'express';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ApiPublicOperation } from '../../openapi/api-responses';
import { RateLimitClass } from '../../rate-limit/rate-limit.decorators';
import { Public } from '../auth.decorators';
import { clientOf } from '../auth.controller';
import { setRefreshCookie } from '../sessions/refresh-cookie';
import { OidcFlowCookie } from './oidc-flow-cookie';
import { OidcLoginService, OidcSignInRefused } from './oidc-login.service';
import { SignInProvidersDoc } from './oidc.dto';

const LOCATION = { Location: { description: 'Where the browser goes next.', schema: { type: 'string', example: '/login?error=no-role' } } };
/** Longer callback URLs than this are no provider's: refused before anything is parsed. */
const MAX_CALLBACK_URL = 8192;

/**
 * Single sign-on routes. Both sign-in routes are browser navigations, so every outcome is a
 * redirect: to the provider, to the console (`/`, which renews its token through the refresh
 * cookie), or to `/login?error=<reason>`, which the console explains.
 */
@ApiTags('authentication')
@Controller('auth')
export class OidcController {
  constructor(
    @Inject(OidcLoginService) private readonly oidc: OidcLoginService,
    @Inject(OidcFlowCookie) private readonly flow: OidcFlowCookie,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @ApiPublicOperation({ summary: 'How people may sign in: single sign-on (with the provider’s name) and whether password login is on.' })
  @ApiOkResponse({ type: SignInProvidersDoc, description: 'The sign-in methods.' })
  @Get('providers') @Public()
  providers(): SignInProvidersResponse { return this.oidc.providers(); }

  @ApiPublicOperation({ summary: 'Starts single sign-on: redirects the browser to the identity provider (authorization code with PKCE).' })
  @ApiFoundResponse({ description: 'To the provider; or to /login?error=sso-off or provider-unavailable.', headers: LOCATION })
  @Get('oidc/login') @Public() @RateLimitClass('auth') @Header('Cache-Control', 'no-store')
  async login(@Req() req: Request, @Res() res: Response): Promise<void> {
    try {
      const started = await this.oidc.begin();
      await this.flow.set(req, res, started.checks);
      res.redirect(302, started.url);
    } catch (error) {
      this.refuse(res, error);
    }
  }

  @ApiPublicOperation({ summary: 'Where the identity provider returns the browser: checks the answer, maps the user’s groups to a role, starts a session (refresh cookie) and redirects to the console.' })
  @ApiFoundResponse({ description: 'To / when signed in, with Set-Cookie carrying the refresh token; to /login?error=<reason> (access-denied, bad-state, no-role, account-disabled, provider-unavailable, sign-in-failed, sso-off) when not.', headers: LOCATION })
  @Get('oidc/callback') @Public() @RateLimitClass('auth') @Header('Cache-Control', 'no-store')
  async callback(@Req() req: Request, @Res() res: Response): Promise<void> {
    const checks = await this.flow.read(req);
    this.flow.clear(req, res);
    try {
      const url = req.originalUrl.length <= MAX_CALLBACK_URL ? req.originalUrl : '';
      const query = new URL(url, 'http://callback.invalid').searchParams;
      const refreshToken = await this.oidc.finish(query, url === '' ? null : checks, clientOf(req));
      setRefreshCookie(req, res, refreshToken, this.config.sessions.ttlSeconds, this.config.sessions.cookieSecure);
      res.redirect(302, '/');
    } catch (error) {
      this.refuse(res, error);
    }
  }

  private refuse(res: Response, error: unknown): void {
    if (!(error instanceof OidcSignInRefused)) throw error;
    res.redirect(302, `/login?error=${error.refusal}`);
  }
}
