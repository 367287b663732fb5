import { describeProblem, fieldReasons, suggestedFix } from './api-error.logic';

describe('describeProblem', () => {
  it('keeps the API message and field reasons of a validation error', () => {
    const view = describeProblem(400, { code: 'VALIDATION.FAILED', message: 'subnets[0].cidr is not a network address; did you mean 10.0.0.0/24?', fields: [{ field: 'subnets[0].cidr', reason: 'did you mean 10.0.0.0/24?' }] });
    expect(view.title).toBe('Some fields need attention');
    expect(view.fix).toBe('Did you mean 10.0.0.0/24?');
    expect(fieldReasons(view)).toEqual({ 'subnets[0].cidr': 'did you mean 10.0.0.0/24?' });
  });

  it('names RouterOS failures as the router refusing and suggests what to check', () => {
    const view = describeProblem(502, { code: 'ROUTEROS.AUTH_FAILED', message: 'The router refused the user name or password.' });
    expect(view.title).toBe('Router did not accept the request');
    expect(view.fix).toMatch(/credentials/);
  });

  it('takes a next step written in the message over the generic one', () => {
    const view = describeProblem(401, { code: 'AUTH.UNAUTHENTICATED', message: 'The access token is expired. Log in again with POST /api/auth/login.' });
    expect(view.fix).toBe('Log in again with POST /api/auth/login.');
  });

  it('explains a network failure without a body', () => {
    const view = describeProblem(0, null);
    expect(view.title).toBe('Control plane unreachable');
    expect(view.detail).toBe('HTTP no response');
  });

  it('falls back on the status for bodies that are not the API shape', () => {
    expect(describeProblem(503, '<html>').title).toBe('Service unavailable');
    expect(describeProblem(500, { oops: true }).title).toBe('Control plane error');
    expect(describeProblem(418, 'teapot').detail).toBe('teapot');
  });

  it('drops malformed field entries', () => {
    const view = describeProblem(400, { code: 'VALIDATION.FAILED', message: 'bad', fields: [{ field: 'a', reason: 'r' }, { nope: 1 }] });
    expect(view.fields).toEqual([{ field: 'a', reason: 'r' }]);
  });
});

describe('suggestedFix', () => {
  it('returns null when the message suggests nothing', () => {
    expect(suggestedFix('Peer not found.')).toBeNull();
  });
});
