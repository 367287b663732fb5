import { HttpException, NotFoundException } from '@nestjs/common';
import { DomainError } from '@wom/domain';
import { QueryFailedError } from 'typeorm';
import { AppError } from './app-error';
import { toErrorResponse } from './to-error-response';

const dbError = (driverError: object) => new QueryFailedError('INSERT …', [], Object.assign(new Error('duplicate key'), driverError));

describe('toErrorResponse', () => {
  it.each([
    ['IPAM.ALREADY_TAKEN', 409],
    ['IPAM.RANGE_EXHAUSTED', 409],
    ['IPAM.OUT_OF_RANGE', 400],
    ['IPAM.RESERVED_ADDRESS', 400],
    ['VALIDATION.INVALID_CIDR', 400],
    ['TEMPLATE.UNKNOWN_VARIABLE', 400],
    ['TEMPLATE.NOT_FOUND', 404],
  ] as const)('maps the domain code %s to %i with the field', (code, status) => {
    const { status: actual, body } = toErrorResponse(new DomainError(code, 'what went wrong', { field: 'tunnelIp', range: '10.0.0.0/24' }));
    expect(actual).toBe(status);
    expect(body).toEqual({ code, message: 'what went wrong', fields: [{ field: 'tunnelIp', reason: 'what went wrong' }], range: '10.0.0.0/24' });
  });

  it('maps app codes and keeps their details', () => {
    const res = toErrorResponse(new AppError('WAN.NOT_FOUND', 'No WAN.'));
    expect(res).toEqual({ status: 404, body: { code: 'WAN.NOT_FOUND', message: 'No WAN.', fields: [] } });
  });

  it('hides internals of unknown errors and of server-side codes, and flags them for logging', () => {
    for (const error of [new Error('password=hunter2 at db.ts:12'), new DomainError('SECRETS.DECRYPT_FAILED', 'key abc failed'), dbError({ code: '42P01' })]) {
      const res = toErrorResponse(error);
      expect(res.status).toBe(500);
      expect(res.body.code).toBe('INTERNAL');
      expect(JSON.stringify(res.body)).not.toMatch(/hunter2|abc|42P01/);
      expect(res.unexpected).toBe(error);
    }
  });

  it('turns known unique violations into their 409 codes', () => {
    expect(toErrorResponse(dbError({ code: '23505', constraint: 'UQ_peer_wan_tunnel_ip' }))).toMatchObject({ status: 409, body: { code: 'IPAM.ALREADY_TAKEN', fields: [{ field: 'tunnelIp' }] } });
    expect(toErrorResponse(dbError({ code: '23503' }))).toMatchObject({ status: 409, body: { code: 'REQUEST.CONFLICT' } });
  });

  it('maps body-parser and routing errors', () => {
    expect(toErrorResponse(Object.assign(new SyntaxError('x'), { type: 'entity.parse.failed' }))).toMatchObject({ status: 400, body: { code: 'REQUEST.MALFORMED_JSON' } });
    expect(toErrorResponse(Object.assign(new Error('x'), { type: 'entity.too.large', limit: 2048 }))).toMatchObject({ status: 413, body: { code: 'REQUEST.TOO_LARGE', message: expect.stringContaining('2048 bytes') } });
    expect(toErrorResponse(Object.assign(new Error('x'), { type: 'charset.unsupported' }))).toMatchObject({ status: 415, body: { code: 'REQUEST.UNSUPPORTED_MEDIA_TYPE' } });
    expect(toErrorResponse(new NotFoundException())).toMatchObject({ status: 404, body: { code: 'ROUTE.NOT_FOUND' } });
    expect(toErrorResponse(new HttpException('teapot', 418))).toMatchObject({ status: 418, body: { code: 'HTTP.ERROR' } });
  });
});
