import { DomainError, printable, validateEndpointHost } from '@wom/domain';

/**
 * Checks only RouterOS needs. Every value rule (keys, interface names, ports, CIDRs, MTU,
 * keepalive, protocols) is the domain's and is called from `@wom/domain` where a row is
 * built, so a hostile or broken desired state never reaches a router (REST) or a script line.
 */

/** Address-list names are a RouterOS notion: up to 64 characters, a letter or digit first. */
const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** RouterOS-specific: the domain has no address lists; ours are named after the interface. */
export function routerOsListName(value: string, field: string): string {
  if (!LIST_NAME.test(value)) {
    throw new DomainError(
      'VALIDATION.INVALID_NAME',
      `${field} "${printable(value)}" is not a RouterOS-safe address-list name: use letters, digits, "_", "." or "-".`,
      { field },
    );
  }
  return value;
}

/**
 * The endpoint host as RouterOS's `endpoint-address` takes it: always bare, because the port
 * is a field of its own. RouterOS-specific: a host bracketed the way wg-quick writes IPv6
 * (`[2001:db8::1]`) is unwrapped here rather than refused; the rest is the domain's
 * `validateEndpointHost`.
 */
export function routerOsEndpointHost(value: string, field: string): string {
  const bracketed = typeof value === 'string' && value.startsWith('[') && value.endsWith(']');
  return validateEndpointHost(bracketed ? value.slice(1, -1) : value, field);
}
