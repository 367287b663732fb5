import { checkField, parseCidr, parseIpv4, validateCidr, lastAddress } from '@wom/domain';
import type { Service } from '../../core/api.models';

export interface ServiceFilter {
  readonly peerId: string;
  readonly protocol: string;
  /** A CIDR the shared or local IP must fall in; ignored until it is a valid CIDR. */
  readonly range: string;
}

/** Services matching peer, protocol and IP range, sorted by name. */
export function filterServices(services: readonly Service[], filter: ServiceFilter): Service[] {
  const range = filter.range.trim() && checkField(validateCidr, filter.range.trim(), 'range') === null ? parseCidr(filter.range.trim()) : null;
  const inRange = (ip: string) => {
    if (!range) return true;
    const value = parseIpv4(ip);
    return value >= range.base && value <= lastAddress(range);
  };
  return services
    .filter((s) => (filter.peerId === '' || s.peerId === filter.peerId) && (filter.protocol === '' || s.protocol === filter.protocol))
    .filter((s) => inRange(s.sharedIp) || inRange(s.localIp))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** "10.0.5.1:443/tcp": what a user pastes into a client. */
export const sharedAddress = (s: Pick<Service, 'sharedIp' | 'sharedPort'>) => `${s.sharedIp}:${s.sharedPort}`;
