import { DomainError, formatCidr, parseCidr, validateCidr, type Ipv4Prefix, type NetmapRule } from '@wom/domain';

/**
 * Structural values (keys, interface names, hosts, addresses, numbers) cannot be neutralised
 * the way free text is in comments, so renderers refuse anything unexpected. The rules are
 * the domain's: renderers call `validateWireGuardKey`, `validateInterfaceName`,
 * `validatePort`… from `@wom/domain` directly, so a value the API accepts is one every
 * renderer can write. Only glue that both renderer families need lives here.
 */

/**
 * A network in CIDR form, checked by the domain's `validateCidr`, as a prefix. Renderer glue:
 * nft sets and RouterOS netmap rules compare prefix lengths and sort networks, which the
 * API, taking CIDR text, never needs.
 */
export function parseCidrField(value: unknown, field: string): Ipv4Prefix {
  return parseCidr(validateCidr(value, field));
}

/**
 * Both sides of a NETMAP rule as prefixes. Prefix NAT keeps the host bits, so it can only
 * map a network onto another of the same size; anything else is refused, naming the field.
 */
export function parseNetmapRule(rule: NetmapRule, field: string): { real: Ipv4Prefix; translated: Ipv4Prefix } {
  const real = parseCidrField(rule.realCidr, `${field}.realCidr`);
  const translated = parseCidrField(rule.translatedCidr, `${field}.translatedCidr`);
  if (real.length !== translated.length) {
    throw new DomainError(
      'VALIDATION.INVALID_CIDR',
      `${field} translates ${formatCidr(real)} to ${formatCidr(translated)}; both must have the same prefix length.`,
      { field: `${field}.translatedCidr` },
    );
  }
  return { real, translated };
}
