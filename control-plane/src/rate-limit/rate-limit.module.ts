import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerOptions } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { rateLimitClassOf, type RateLimitClassName } from './rate-limit.decorators';
import { RateLimitGuard } from './rate-limit.guard';
import { RetryAfterInterceptor } from './retry-after.interceptor';

const MINUTE_MS = 60_000;

/** One throttler per route class; each applies only to routes of its class, and 0 turns it off. */
function routeClass(name: RateLimitClassName, perMinute: number): ThrottlerOptions {
  return {
    name,
    ttl: MINUTE_MS,
    limit: Math.max(1, perMinute),
    skipIf: (context) => perMinute === 0 || rateLimitClassOf(context) !== name,
    // Login is limited per address whoever claims to be logging in.
    ...(name === 'auth' ? { getTracker: (req: Record<string, unknown>) => `ip:${String(req['ip'] ?? 'unknown')}` } : {}),
  };
}

@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [routeClass('default', config.rateLimits.default), routeClass('heavy', config.rateLimits.heavy), routeClass('auth', config.rateLimits.auth)],
      }),
    }),
  ],
  providers: [
    { provide: APP_GUARD, useClass: RateLimitGuard },
    { provide: APP_INTERCEPTOR, useClass: RetryAfterInterceptor },
  ],
})
export class RateLimitModule {}
