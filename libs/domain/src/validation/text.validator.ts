import { describeChar, firstCharOutside, invalid, requireString } from './validation.util';

export const MAX_NAME_LENGTH = 64;
/** Linux's IFNAMSIZ is 16 bytes including the terminating NUL. */
export const MAX_INTERFACE_NAME_LENGTH = 15;
export const MAX_DESCRIPTION_LENGTH = 500;

const NAME_CHAR = /^[A-Za-z0-9 ._-]$/;
const INTERFACE_NAME_CHAR = /^[A-Za-z0-9_.-]$/;
/**
 * Printable ASCII minus the three characters that are live inside a RouterOS double-quoted
 * string: `"` ends it, `\` escapes, `$` substitutes a variable.
 */
const DESCRIPTION_CHAR = /^[\x20-\x21\x23\x25-\x5b\x5d-\x7e]$/;

/**
 * A peer, WAN or service name: 1–64 letters, digits, spaces, `-`, `_` and `.`, with no space
 * at either end. Names go into RouterOS comments, wg-quick file names and shell-adjacent
 * scripts, so everything else is refused rather than escaped: quotes, `$`, `;`, brackets,
 * backslashes, control characters and non-ASCII. Example: `"Paris office-2"` passes;
 * `"Paris; rm"` fails naming `";"`.
 */
export function validateName(value: unknown, field: string): string {
  const text = requireString(value, field, 'VALIDATION.INVALID_NAME', 'a name');
  const fail = (why: string) => invalid('VALIDATION.INVALID_NAME', field, `${field} ${why}`);
  if (text.length === 0) throw fail('must not be empty.');
  if (text.length > MAX_NAME_LENGTH) throw fail(`is ${text.length} characters long; names have at most ${MAX_NAME_LENGTH}.`);
  const bad = firstCharOutside(text, NAME_CHAR);
  if (bad !== null) throw fail(`contains ${describeChar(bad)}; names may use letters, digits, spaces, "-", "_" and ".".`);
  if (text.startsWith(' ') || text.endsWith(' ')) throw fail('must not start or end with a space.');
  return text;
}

/**
 * A network interface name valid on both Linux and RouterOS: 1–15 characters from
 * `[A-Za-z0-9_.-]`, not starting with `-` (it would read as an option to `ip` and `wg`),
 * and not `.` or `..` (Linux refuses them: they are directory names under /sys/class/net).
 */
export function validateInterfaceName(value: unknown, field: string): string {
  const text = requireString(value, field, 'VALIDATION.INVALID_INTERFACE_NAME', 'an interface name like wg-wan-overlay');
  const fail = (why: string) => invalid('VALIDATION.INVALID_INTERFACE_NAME', field, `${field} ${why}`);
  if (text.length === 0) throw fail('must not be empty.');
  if (text.length > MAX_INTERFACE_NAME_LENGTH) {
    throw fail(`is ${text.length} characters long; interface names have at most ${MAX_INTERFACE_NAME_LENGTH}.`);
  }
  const bad = firstCharOutside(text, INTERFACE_NAME_CHAR);
  if (bad !== null) throw fail(`contains ${describeChar(bad)}; interface names may use letters, digits, "_", "." and "-".`);
  if (text.startsWith('-')) throw fail('must not start with "-".');
  if (text === '.' || text === '..') throw fail(`must not be "${text}".`);
  return text;
}

/**
 * Free text up to 500 characters, possibly empty. Descriptions end up in RouterOS comments,
 * which are single-line and not reliably Unicode-safe over the REST API, and in `.rsc`
 * scripts inside double quotes. So only printable ASCII is accepted, without `"`, `\` and
 * `$`: no newlines (a newline in a script ends the command and starts the next one), no
 * tabs, no other control characters, no non-ASCII. Renderers still escape; this is the
 * second wall.
 */
export function validateDescription(value: unknown, field: string): string {
  const text = requireString(value, field, 'VALIDATION.INVALID_DESCRIPTION', 'text');
  const fail = (why: string) => invalid('VALIDATION.INVALID_DESCRIPTION', field, `${field} ${why}`);
  if (text.length > MAX_DESCRIPTION_LENGTH) throw fail(`is ${text.length} characters long; descriptions have at most ${MAX_DESCRIPTION_LENGTH}.`);
  const bad = firstCharOutside(text, DESCRIPTION_CHAR);
  if (bad !== null) throw fail(`contains ${describeChar(bad)}; descriptions are one line of printable ASCII, except the characters " \\ $.`);
  return text;
}
