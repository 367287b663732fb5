import { describeChar, firstCharOutside, invalid, requireString } from './validation.util';

export const MAX_ROUTER_USERNAME_LENGTH = 64;
export const MAX_ROUTER_PASSWORD_LENGTH = 128;
/** A few chained certificates; a CA bundle larger than this is a mistake, not a configuration. */
export const MAX_CA_CERTIFICATE_LENGTH = 16_384;

/** RouterOS user names are letters, digits, `_`, `-`, `.` and `@`; `:` would break HTTP Basic auth. */
const ROUTER_USERNAME_CHAR = /^[A-Za-z0-9_.@-]$/;
/** Printable ASCII: the password only ever travels in a Basic auth header, never into a script. */
const ROUTER_PASSWORD_CHAR = /^[\x20-\x7e]$/;
const PEM_CERTIFICATE = /^(-----BEGIN CERTIFICATE-----\r?\n(?:[A-Za-z0-9+/=]{1,76}\r?\n)+-----END CERTIFICATE-----\r?\n?)+$/;

/** The account the product signs in to a router with (spec §4.2.3). Example: `"wom-api"`. */
export function validateRouterUsername(value: unknown, field: string): string {
  const text = requireString(value, field, 'VALIDATION.INVALID_NAME', 'a RouterOS user name like wom-api');
  const fail = (why: string) => invalid('VALIDATION.INVALID_NAME', field, `${field} ${why}`);
  if (text.length === 0) throw fail('must not be empty.');
  if (text.length > MAX_ROUTER_USERNAME_LENGTH) throw fail(`is ${text.length} characters long; RouterOS user names have at most ${MAX_ROUTER_USERNAME_LENGTH}.`);
  const bad = firstCharOutside(text, ROUTER_USERNAME_CHAR);
  if (bad !== null) throw fail(`contains ${describeChar(bad)}; RouterOS user names may use letters, digits, "_", "-", "." and "@".`);
  return text;
}

/**
 * The router account's password: 1–128 printable ASCII characters. Control characters and
 * non-ASCII are refused because HTTP Basic auth has no agreed encoding for them.
 */
export function validateRouterPassword(value: unknown, field: string): string {
  const text = requireString(value, field, 'VALIDATION.INVALID_PASSWORD', 'a password');
  const fail = (why: string) => invalid('VALIDATION.INVALID_PASSWORD', field, `${field} ${why}`);
  if (text.length === 0) throw fail('must not be empty.');
  if (text.length > MAX_ROUTER_PASSWORD_LENGTH) throw fail(`is ${text.length} characters long; at most ${MAX_ROUTER_PASSWORD_LENGTH}.`);
  if (firstCharOutside(text, ROUTER_PASSWORD_CHAR) !== null) throw fail('may only contain printable ASCII characters (no control characters, no accents).');
  return text;
}

/** One or more PEM certificates (the CA that signed the router's www-ssl certificate). */
export function validateCaCertificate(value: unknown, field: string): string {
  const text = requireString(value, field, 'VALIDATION.UNSAFE_TEXT', 'a PEM certificate');
  const fail = (why: string) => invalid('VALIDATION.UNSAFE_TEXT', field, `${field} ${why}`);
  if (text.length > MAX_CA_CERTIFICATE_LENGTH) throw fail(`is ${text.length} characters long; at most ${MAX_CA_CERTIFICATE_LENGTH}.`);
  if (!PEM_CERTIFICATE.test(text.trim() + '\n')) throw fail('must be one or more PEM blocks from "-----BEGIN CERTIFICATE-----" to "-----END CERTIFICATE-----".');
  return text.trim() + '\n';
}
