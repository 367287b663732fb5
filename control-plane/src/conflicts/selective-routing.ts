import { formatCidr, parseCidr, prefixContains, prefixesOverlap } from '@wom/domain';
import { AppError } from '../common/errors/app-error';

/**
 * Checks the parts of a subnet to keep routing under selective routing (spec §4.4.2 option
 * 4): each must lie inside the subnet, be smaller than it, and not overlap another part.
 * Returns them in canonical form.
 *
 * Example: subnet 192.168.1.0/24 with ['192.168.1.128/25'] → ['192.168.1.128/25'];
 * ['192.168.2.0/25'] → CONFLICT.INVALID_RESOLUTION naming allowedCidrs[0].
 */
export function checkSelectiveCidrs(subnetCidr: string, allowedCidrs: readonly string[]): string[] {
  const subnet = parseCidr(subnetCidr);
  const parts = allowedCidrs.map((cidr, index) => ({ index, prefix: parseCidr(cidr, `allowedCidrs[${index}]`) }));
  for (const { index, prefix } of parts) {
    if (!prefixContains(subnet, prefix) || prefix.length === subnet.length) {
      throw invalid(`allowedCidrs[${index}]`, `${formatCidr(prefix)} is not a part of ${formatCidr(subnet)}; list smaller prefixes inside the subnet.`);
    }
    const clash = parts.find((other) => other.index < index && prefixesOverlap(other.prefix, prefix));
    if (clash) throw invalid(`allowedCidrs[${index}]`, `${formatCidr(prefix)} overlaps allowedCidrs[${clash.index}]; list each part once.`);
  }
  return parts.map(({ prefix }) => formatCidr(prefix));
}

const invalid = (field: string, reason: string) => new AppError('CONFLICT.INVALID_RESOLUTION', reason, { fields: [{ field, reason }] });
