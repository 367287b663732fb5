import { errorFromNetwork, errorFromResponse, isRouterOsError, RouterOsError } from './errors';
import { backoffDelay } from './retry';

const body = (detail: string, error = 400) => ({ detail, error, message: 'Bad Request' });

describe('errorFromResponse', () => {
  it.each([
    [401, undefined, 'ROUTEROS.AUTH_FAILED'],
    [500, body('not enough permissions (9)', 500), 'ROUTEROS.PERMISSION_DENIED'],
    [500, body('std failure: not allowed (9)', 500), 'ROUTEROS.PERMISSION_DENIED'],
    [404, { error: 404, message: 'Not Found' }, 'ROUTEROS.NOT_FOUND'],
    [400, body('failure: already have such entry'), 'ROUTEROS.ALREADY_EXISTS'],
    [400, body('failure: user with the same name already exists'), 'ROUTEROS.ALREADY_EXISTS'],
    [400, body('invalid value for argument address'), 'ROUTEROS.INVALID_VALUE'],
    [400, body('value of priority out of range (1..254)'), 'ROUTEROS.INVALID_VALUE'],
    [400, body('input does not match any value of interface'), 'ROUTEROS.INVALID_VALUE'],
    [400, body('unknown parameter is-responder'), 'ROUTEROS.INCOMPATIBLE_VERSION'],
    [400, body('no such command or directory (routerboard)'), 'ROUTEROS.INCOMPATIBLE_VERSION'],
    [400, body('Session closed'), 'ROUTEROS.TIMEOUT'],
    [400, body('failure: this is configured elsewhere'), 'ROUTEROS.REQUEST_FAILED'],
    [406, body('no such command or directory (remove)', 406), 'ROUTEROS.REQUEST_FAILED'],
    [502, 'not json', 'ROUTEROS.REQUEST_FAILED'],
  ])('%s %j → %s', (status, reply, code) => {
    const error = errorFromResponse(status, reply);
    expect(error).toBeInstanceOf(RouterOsError);
    expect(error).toMatchObject({ code, status, retry: 'never' });
    expect(error.suggestion.length).toBeGreaterThan(10);
  });

  it('marks 429 and 503 as safe to repeat', () => {
    expect(errorFromResponse(503, undefined).retry).toBe('safe');
    expect(errorFromResponse(429, undefined).retry).toBe('safe');
  });

  it('puts the RouterOS detail into the message', () => {
    expect(errorFromResponse(400, body('unknown parameter vrf')).message).toBe('The router does not know a command or property we sent. RouterOS said: unknown parameter vrf');
  });
});

describe('errorFromNetwork', () => {
  const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

  it.each([
    [withCode('ECONNREFUSED'), 'ROUTEROS.UNREACHABLE', 'safe'],
    [withCode('UND_ERR_CONNECT_TIMEOUT'), 'ROUTEROS.UNREACHABLE', 'safe'],
    [withCode('ECONNRESET'), 'ROUTEROS.UNREACHABLE', 'unclear'],
    [Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', cause: withCode('ECONNRESET') }), 'ROUTEROS.UNREACHABLE', 'unclear'],
    [withCode('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), 'ROUTEROS.TLS_FAILED', 'never'],
    [withCode('ERR_TLS_CERT_ALTNAME_INVALID'), 'ROUTEROS.TLS_FAILED', 'never'],
    ['weird', 'ROUTEROS.UNREACHABLE', 'unclear'],
  ])('%s → %s (%s)', (error, code, retry) => {
    expect(errorFromNetwork(error, false)).toMatchObject({ code, retry });
  });

  it('maps our own timer to TIMEOUT, unclear', () => {
    expect(errorFromNetwork(new Error('aborted'), true)).toMatchObject({ code: 'ROUTEROS.TIMEOUT', retry: 'unclear' });
    expect(isRouterOsError(errorFromNetwork(new Error('x'), true))).toBe(true);
    expect(isRouterOsError(new Error('x'))).toBe(false);
  });
});

describe('backoffDelay', () => {
  it('doubles per attempt up to the cap, with half of each step jittered', () => {
    const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1_000 };
    expect([1, 2, 3, 4, 5].map((attempt) => backoffDelay(attempt, policy, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3].map((attempt) => backoffDelay(attempt, policy, () => 0.999))).toEqual([99, 199, 399]);
  });
});
