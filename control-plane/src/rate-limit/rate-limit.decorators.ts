import { SetMetadata, type ExecutionContext } from '@nestjs/common';

export const RATE_LIMIT_CLASSES = ['default', 'heavy', 'auth'] as const;
export type RateLimitClassName = (typeof RATE_LIMIT_CLASSES)[number];
export const RATE_LIMIT_CLASS = 'wom:rate-limit-class';

/** Puts a route (or a controller) in a rate-limit class other than `default`. */
export const RateLimitClass = (name: RateLimitClassName): MethodDecorator & ClassDecorator => SetMetadata(RATE_LIMIT_CLASS, name);

/**
 * For expensive routes: export, regenerate-all, drift, reconcile, deploy. Limited harder
 * (RATE_LIMIT_HEAVY per minute per client and route, 10 by default).
 */
export const HeavyRoute = (): MethodDecorator & ClassDecorator => RateLimitClass('heavy');

/** The class of the route being served: the handler's, else its controller's, else `default`. */
export function rateLimitClassOf(context: ExecutionContext): RateLimitClassName {
  return (
    (Reflect.getMetadata(RATE_LIMIT_CLASS, context.getHandler()) as RateLimitClassName | undefined) ??
    (Reflect.getMetadata(RATE_LIMIT_CLASS, context.getClass()) as RateLimitClassName | undefined) ??
    'default'
  );
}
