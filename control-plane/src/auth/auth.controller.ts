import { Body, Controller, Get, HttpCode, Inject, Post, Req } from '@nestjs/common';
import type { Request } from 'express';
import { RateLimitClass } from '../rate-limit/rate-limit.decorators';
import { AllowedBeforePasswordChange, CurrentPrincipal, Public, Roles } from './auth.decorators';
import { ChangePasswordDto, LoginDto, type LoginResponse, type MeResponse } from './auth.dto';
import { AuthService } from './auth.service';
import type { Principal } from './principal';

@Controller('auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('login') @Public() @RateLimitClass('auth') @HttpCode(200) login(@Body() dto: LoginDto, @Req() req: Request): Promise<LoginResponse> { return this.auth.login(dto, req.ip ?? 'unknown'); }

  @Get('me') @Roles('read-only') @AllowedBeforePasswordChange() me(@CurrentPrincipal() principal: Principal): MeResponse { return this.auth.me(principal); }

  @Post('password') @Roles('read-only') @AllowedBeforePasswordChange() @HttpCode(204) changePassword(@CurrentPrincipal() principal: Principal, @Body() dto: ChangePasswordDto): Promise<void> { return this.auth.changePassword(principal, dto); }
}
