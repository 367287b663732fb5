import { signInErrorProblem } from './sign-in-error.logic';

describe('signInErrorProblem', () => {
  it('is null without an error', () => {
    expect(signInErrorProblem(null)).toBeNull();
    expect(signInErrorProblem('')).toBeNull();
  });

  it.each(['access-denied', 'bad-state', 'no-role', 'account-disabled', 'provider-unavailable', 'sign-in-failed', 'sso-off'])('explains %s in its own words', (code) => {
    const problem = signInErrorProblem(code)!;
    expect(problem.title).toBe('Single sign-on failed');
    expect(problem.detail).not.toBe('The sign-in through your identity provider did not complete.');
  });

  it('still shows a banner for a code it does not know', () => {
    expect(signInErrorProblem('constructor')).toMatchObject({ detail: 'The sign-in through your identity provider did not complete.', fix: 'Try again.' });
  });

  it('tells someone without a role whom to ask', () => {
    expect(signInErrorProblem('no-role')?.fix).toContain('OIDC_ROLE_MAP');
  });
});
