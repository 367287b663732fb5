import { JobType } from './generated/wom/agent/v1/jobs_pb';
import { parseRouterJobPayload, ROUTER_JOB_TYPES, routerJobTypeFromWire, routerJobTypeToWire } from './router-job';

const connection = { host: '192.0.2.1', port: 443, protocol: 'https', username: 'wom', password: 'p', verifyTls: true, ca: 'PEM', timeoutMs: 5_000, maxAttempts: 2 };

describe('router job payload', () => {
  it('maps every job type to the wire and back, and knows no other', () => {
    for (const type of ROUTER_JOB_TYPES) expect(routerJobTypeFromWire(routerJobTypeToWire(type))).toBe(type);
    expect(new Set(ROUTER_JOB_TYPES.map(routerJobTypeToWire)).size).toBe(ROUTER_JOB_TYPES.length);
    expect(routerJobTypeFromWire(JobType.UNSPECIFIED)).toBeNull();
  });

  it('reads a full payload', () => {
    const payload = parseRouterJobPayload(JSON.stringify({ connection, desired: { peerId: 'x' }, backup: null, reconcile: { reconcileMissing: false, removeUnknown: true } }));
    expect(payload).toEqual({ connection, desired: { peerId: 'x' }, backup: null, reconcile: { reconcileMissing: false, reconcileMismatched: true, removeUnknown: true } });
  });

  it('fills defaults: no CA, 20 s per call capped below 60 s, attempts from the client', () => {
    const { ca: _ca, timeoutMs: _t, maxAttempts: _m, verifyTls: _v, ...bare } = connection;
    expect(parseRouterJobPayload(JSON.stringify({ connection: bare })).connection).toMatchObject({ ca: null, timeoutMs: 20_000, maxAttempts: null, verifyTls: false });
    expect(parseRouterJobPayload(JSON.stringify({ connection: { ...connection, timeoutMs: 600_000 } })).connection.timeoutMs).toBe(59_000);
    expect(parseRouterJobPayload(JSON.stringify({ connection })).reconcile).toBeNull();
  });

  it.each([
    [{}, /no router connection/],
    [{ connection: { ...connection, host: 7 } }, /no host/],
    [{ connection: { ...connection, port: 70_000 } }, /valid port/],
    [{ connection: { ...connection, protocol: 'ftp' } }, /http or https/],
    [{ connection: { ...connection, password: undefined } }, /no password/],
  ])('refuses %j', (body, reason) => {
    expect(() => parseRouterJobPayload(JSON.stringify(body))).toThrow(reason);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseRouterJobPayload('not json')).toThrow();
  });
});
