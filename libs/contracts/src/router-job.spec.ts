import { JobType } from './generated/wom/agent/v1/jobs_pb';
import { parseRouterJobPayload, ROUTER_JOB_TYPES, routerJobPayloadJson, routerJobTypeFromWire, routerJobTypeToWire } from './router-job';

const PASSWORD = 'opened-from-the-sealed-secret';
const connection = { host: '192.0.2.1', port: 443, protocol: 'https', username: 'wom', verifyTls: true, ca: 'PEM', timeoutMs: 5_000, maxAttempts: 2 } as const;
const parse = (body: object) => parseRouterJobPayload(JSON.stringify(body), PASSWORD);

describe('router job payload', () => {
  it('maps every job type to the wire and back, and knows no other', () => {
    for (const type of ROUTER_JOB_TYPES) expect(routerJobTypeFromWire(routerJobTypeToWire(type))).toBe(type);
    expect(new Set(ROUTER_JOB_TYPES.map(routerJobTypeToWire)).size).toBe(ROUTER_JOB_TYPES.length);
    expect(routerJobTypeFromWire(JobType.UNSPECIFIED)).toBeNull();
  });

  it('reads a full payload, with the password given apart', () => {
    const payload = parse({ connection, desired: { peerId: 'x' }, backup: null, reconcile: { reconcileMissing: false, removeUnknown: true } });
    expect(payload).toEqual({ connection: { ...connection, password: PASSWORD }, desired: { peerId: 'x' }, backup: null, reconcile: { reconcileMissing: false, reconcileMismatched: true, removeUnknown: true } });
  });

  it('writes the payload without the password, and reads it back with the password given apart', () => {
    const payload = { connection: { ...connection, password: PASSWORD }, desired: { peerId: 'x' }, backup: null, reconcile: null };
    const json = routerJobPayloadJson(payload);
    expect(json).not.toContain(PASSWORD);
    expect(json).not.toContain('password');
    expect(parseRouterJobPayload(json, PASSWORD)).toEqual(payload);
  });

  it('fills defaults: no CA, 20 s per call capped below 60 s, attempts from the client', () => {
    const { ca: _ca, timeoutMs: _t, maxAttempts: _m, verifyTls: _v, ...bare } = connection;
    expect(parse({ connection: bare }).connection).toMatchObject({ ca: null, timeoutMs: 20_000, maxAttempts: null, verifyTls: false });
    expect(parse({ connection: { ...connection, timeoutMs: 600_000 } }).connection.timeoutMs).toBe(59_000);
    expect(parse({ connection }).reconcile).toBeNull();
  });

  it.each([
    [{}, /no router connection/],
    [{ connection: { ...connection, host: 7 } }, /no host/],
    [{ connection: { ...connection, port: 70_000 } }, /valid port/],
    [{ connection: { ...connection, protocol: 'ftp' } }, /http or https/],
    [{ connection: { ...connection, username: undefined } }, /no username/],
    [{ connection: { ...connection, password: 'in clear' } }, /password in clear.*sealed only/],
  ])('refuses %j', (body, reason) => {
    expect(() => parse(body)).toThrow(reason);
  });

  it('refuses text that is not JSON', () => {
    expect(() => parseRouterJobPayload('not json', PASSWORD)).toThrow();
  });
});
