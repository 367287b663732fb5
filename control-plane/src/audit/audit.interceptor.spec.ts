import type { CallHandler, ExecutionContext } from '@nestjs/common';
import { lastValueFrom, of } from 'rxjs';
import { AuditInterceptor } from './audit.interceptor';
import type { AuditService } from './audit.service';

const contextFor = (req: object) =>
  ({ getType: () => 'http', switchToHttp: () => ({ getRequest: () => req }) }) as unknown as ExecutionContext;
const handler: CallHandler = { handle: () => of({ ok: true }) };

describe('AuditInterceptor', () => {
  const record = jest.fn<Promise<void>, Parameters<AuditService['record']>>();
  const interceptor = new AuditInterceptor({ record } as unknown as AuditService);
  beforeEach(() => record.mockReset().mockResolvedValue(undefined));

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
    ['reads', { method: 'GET', params: {} }],
    ['mutations a service already audited', { method: 'DELETE', params: {}, audited: true }],
  ])('skips %s', async (_what, req) => {
    await lastValueFrom(interceptor.intercept(contextFor(req), handler));
    expect(record).not.toHaveBeenCalled();
  });
});
