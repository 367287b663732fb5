import type { ExecutionContext } from '@nestjs/common';
import { HeavyRoute, RateLimitClass, rateLimitClassOf } from './rate-limit.decorators';

class Plain {
  handler(): void {}
  @HeavyRoute() exportAll(): void {}
}
@RateLimitClass('auth')
class AuthLike {
  handler(): void {}
  @HeavyRoute() heavy(): void {}
}
const ctx = (cls: new () => object, name: string) =>
  ({ getClass: () => cls, getHandler: () => (cls.prototype as Record<string, unknown>)[name] }) as unknown as ExecutionContext;

describe('rateLimitClassOf', () => {
  it.each([
    [Plain, 'handler', 'default'],
    [Plain, 'exportAll', 'heavy'],
    [AuthLike, 'handler', 'auth'],
    [AuthLike, 'heavy', 'heavy'],
  ] as const)('%p.%s is %s', (cls, name, expected) => {
    expect(rateLimitClassOf(ctx(cls, name))).toBe(expected);
  });
});
