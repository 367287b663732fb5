import { Logger, type CallHandler, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { lastValueFrom, of } from 'rxjs';
import { ChangesNothing } from './audit.decorators';
import { AuditInterceptor } from './audit.interceptor';
import type { AuditService } from './audit.service';

class Handlers {
  write(): void {}
  @ChangesNothing('a preview') preview(): void {}
}
const contextFor = (req: object, handler: keyof Handlers = 'write') =>
  ({ getType: () => 'http', getHandler: () => Handlers.prototype[handler], switchToHttp: () => ({ getRequest: () => req }) }) as unknown as ExecutionContext;
const handler: CallHandler = { handle: () => of({ ok: true }) };

describe('AuditInterceptor', () => {
  const record = jest.fn<Promise<void>, Parameters<AuditService['record']>>();
  const interceptor = new AuditInterceptor({ record } as unknown as AuditService, new Reflector());
  beforeEach(() => {
    record.mockReset().mockResolvedValue(undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('records a successful mutation no service audited, with route, params and body', async () => {
    const req = { method: 'POST', route: { path: '/api/wan/:wanId/services' }, path: '/api/wan/1/services', params: { wanId: 'w1' }, body: { name: 's', password: 'p' } };
    await expect(lastValueFrom(interceptor.intercept(contextFor(req), handler))).resolves.toEqual({ ok: true });
    expect(record).toHaveBeenCalledWith(null, {
      action: 'POST /api/wan/:wanId/services',
      entityType: 'http',
      entityId: null,
      after: { method: 'POST', route: '/api/wan/:wanId/services', params: { wanId: 'w1' }, body: { name: 's', password: 'p' } },
    });
  });

  it.each([
    ['reads', { method: 'GET', params: {} }, 'write'],
    ['mutations a service already audited', { method: 'DELETE', params: {}, audited: true }, 'write'],
    ['POSTs marked as changing nothing', { method: 'POST', params: {} }, 'preview'],
  ] as const)('skips %s', async (_what, req, on) => {
    await lastValueFrom(interceptor.intercept(contextFor(req, on), handler));
    expect(record).not.toHaveBeenCalled();
  });
});
