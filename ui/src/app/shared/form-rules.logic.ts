import { checkField, validateCidr, validateIpv4, validateName, validatePort } from '@wom/domain';

/**
 * Checks of the small forms (WAN, service, user, API key) before they are sent, with the same
 * domain validators and rules the control plane applies, keyed by the field names the API uses
 * in its error body, so a reason shows next to the same field whoever found it.
 */
export type FieldProblems = Record<string, string>;

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1024;

function collect(checks: readonly ({ field: string; reason: string } | null)[]): FieldProblems {
  const problems: FieldProblems = {};
  for (const check of checks) if (check) problems[check.field] ??= check.reason;
  return problems;
}

/** A whole number as typed, or the text itself so the validator names what is wrong with it. */
export const asNumber = (text: string): number | string => (/^\d+$/.test(text.trim()) ? Number(text.trim()) : text.trim());

/** A new WAN: a safe name; the ranges only when typed (the API has defaults). */
export function wanProblems(draft: { name?: string; tunnelIpRange: string; sharedServicesRange: string }): FieldProblems {
  return collect([
    draft.name === undefined ? null : checkField(validateName, draft.name.trim(), 'name'),
    draft.tunnelIpRange.trim() ? checkField(validateCidr, draft.tunnelIpRange.trim(), 'tunnelIpRange') : null,
    draft.sharedServicesRange.trim() ? checkField(validateCidr, draft.sharedServicesRange.trim(), 'sharedServicesRange') : null,
  ]);
}

/** A service to publish: which peer hosts it, its name, local address and ports. */
export function serviceProblems(draft: { peerId: string; name: string; localIp: string; localPort: string; sharedPort: string }): FieldProblems {
  return collect([
    draft.peerId ? null : { field: 'peerId', reason: 'Choose the peer whose LAN hosts the service.' },
    checkField(validateName, draft.name.trim(), 'name'),
    checkField(validateIpv4, draft.localIp.trim(), 'localIp'),
    checkField(validatePort, asNumber(draft.localPort), 'localPort'),
    draft.sharedPort.trim() ? checkField(validatePort, asNumber(draft.sharedPort), 'sharedPort') : null,
  ]);
}

/** A new user: a lower-case login name and a one-time password of 12 characters or more. */
export function userProblems(draft: { username: string; password: string }): FieldProblems {
  const username = draft.username.trim().toLowerCase();
  return collect([
    USERNAME.test(username) ? null : { field: 'username', reason: 'username must be 1–64 characters: letters, digits, dot, underscore, @ or hyphen, starting with a letter or digit.' },
    draft.password.length >= MIN_PASSWORD_LENGTH && draft.password.length <= MAX_PASSWORD_LENGTH ? null : { field: 'password', reason: `password must be ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.` },
  ]);
}

/** A new API key: a safe name. */
export function apiKeyProblems(draft: { name: string }): FieldProblems {
  return collect([checkField(validateName, draft.name.trim(), 'name')]);
}
