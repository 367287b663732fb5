import type { ProblemView } from '../../core/api-error.logic';

/** What each `/login?error=` from single sign-on means, and what to do about it. */
const SIGN_IN_ERRORS: Readonly<Record<string, { detail: string; fix: string | null }>> = {
  'access-denied': { detail: 'The sign-in was cancelled at your identity provider.', fix: 'Sign in again and allow the access it asks for.' },
  'bad-state': { detail: 'The answer from your identity provider did not match a sign-in started in this browser, or it took more than 10 minutes.', fix: 'Start the sign-in again from this page.' },
  'no-role': { detail: 'Your identity provider signed you in, but none of your groups is given a role here.', fix: 'Ask an admin to add one of your groups to OIDC_ROLE_MAP, or to add you to a group that has a role.' },
  'account-disabled': { detail: 'Your account here is disabled.', fix: 'Ask an admin to enable it.' },
  'provider-unavailable': { detail: 'The identity provider could not be reached.', fix: 'Try again in a moment; an admin can check OIDC_ISSUER and the provider.' },
  'sign-in-failed': { detail: 'The identity provider’s answer was not accepted.', fix: 'Try again; if it keeps failing, an admin can find the reason in the audit log (auth.oidc-login-refused).' },
  'sso-off': { detail: 'Single sign-on is not configured on this control plane.', fix: null },
};

/**
 * The banner for a sign-in that single sign-on sent back with `?error=`; null when there is
 * no error. An unknown code still gets a banner, so nothing fails silently.
 *
 * @example signInErrorProblem('no-role')?.detail // 'Your identity provider signed you in, but …'
 */
export function signInErrorProblem(code: string | null): ProblemView | null {
  if (code === null || code === '') return null;
  const known = Object.hasOwn(SIGN_IN_ERRORS, code) ? SIGN_IN_ERRORS[code] : undefined;
  return {
    code: `SSO.${code.slice(0, 40)}`,
    title: 'Single sign-on failed',
    detail: known?.detail ?? 'The sign-in through your identity provider did not complete.',
    fix: known?.fix ?? 'Try again.',
    fields: [],
  };
}
