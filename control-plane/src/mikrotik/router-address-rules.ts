import { BlockList, isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { AppError } from '../common/errors/app-error';
import type { AppConfig } from '../config/app-config';

/**
 * Which addresses the control plane may send a router's credentials to. A router's management
 * address is typed in by an operator, and every read-only status request makes the control
 * plane call it with the router's Basic credentials: pointed at the control plane itself or at
 * a service beside it, that call would be a request forgery with a password attached.
 */
export interface RouterAddressRules {
  /** ROUTER_ALLOW_LOOPBACK: lab and test setups run emulated routers on 127.0.0.1. */
  readonly allowLoopback: boolean;
  /** The addresses this control plane listens on (every interface address when it listens on all). */
  readonly ownAddresses: ReadonlySet<string>;
  /** Its HTTP port: refused on loopback even when loopback routers are allowed. */
  readonly ownPort: number;
}

const range = (entries: readonly [string, number, 'ipv4' | 'ipv6'][]): BlockList => {
  const list = new BlockList();
  for (const [network, prefix, family] of entries) list.addSubnet(network, prefix, family);
  return list;
};

const LOOPBACK = range([['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]);
const KINDS: readonly { readonly kind: string; readonly list: BlockList }[] = [
  { kind: 'an unspecified address (0.0.0.0/8, ::)', list: range([['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]) },
  { kind: 'a link-local address (169.254.0.0/16, fe80::/10)', list: range([['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]) },
  { kind: 'a multicast address (224.0.0.0/4, ff00::/8)', list: range([['224.0.0.0', 4, 'ipv4'], ['ff00::', 8, 'ipv6']]) },
];

/**
 * The address in one spelling: lower case, no brackets or zone, and an IPv4-mapped IPv6
 * address (`::ffff:127.0.0.1`, `::ffff:7f00:1`) as the IPv4 address it reaches. Null for a
 * host name.
 */
export function canonicalIp(host: string): string | null {
  const bare = host.trim().replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '').toLowerCase();
  const family = isIP(bare);
  if (family === 4) return bare;
  if (family !== 6) return null;
  // The URL parser writes every IPv6 address in its shortest form, the mapped ones as ::ffff:hhhh:hhhh.
  const short = new URL(`http://[${bare}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(short);
  if (!mapped) return short;
  const [high, low] = [parseInt(mapped[1]!, 16), parseInt(mapped[2]!, 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join('.');
}

/** Why the control plane must not send a router request to `ip`:`port`, or null when it may. */
export function refusedAddressReason(ip: string, port: number, rules: RouterAddressRules): string | null {
  const address = canonicalIp(ip);
  if (address === null) return null;
  const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
  for (const { kind, list } of KINDS) if (list.check(address, family)) return `${address} is ${kind}, which is never a router.`;
  if (LOOPBACK.check(address, family)) {
    if (!rules.allowLoopback) return `${address} is a loopback address (127.0.0.0/8, ::1): the control plane would be calling itself. Give the router's own address.`;
    if (rules.ownPort !== 0 && port === rules.ownPort) return `${address}:${port} is the control plane's own listener, not a router.`;
    return null;
  }
  if (rules.ownAddresses.has(address)) return `${address} is an address the control plane itself listens on, not a router.`;
  return null;
}

/**
 * The rules for this control plane. It can only listen on addresses of its own interfaces, so
 * when HOST is a name or listens on every interface, all of them count as its own.
 */
export function routerAddressRules(
  config: Pick<AppConfig, 'host' | 'port' | 'routerTargets'>,
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): RouterAddressRules {
  const host = canonicalIp(config.host);
  const everyInterface = host === null || host === '0.0.0.0' || host === '::';
  const own = new Set<string>();
  if (host !== null) own.add(host);
  if (everyInterface) {
    for (const addresses of Object.values(interfaces)) for (const { address } of addresses ?? []) own.add(canonicalIp(address) ?? address);
  }
  return { allowLoopback: config.routerTargets.allowLoopback, ownAddresses: own, ownPort: config.port };
}

/**
 * Refuses a router management address that is an IP address the rules forbid, as a 400 naming
 * `field`. A host name passes here: it is resolved and checked each time a connection is made.
 */
export function requireAllowedRouterAddress(host: string, port: number, rules: RouterAddressRules, field: string): void {
  const reason = refusedAddressReason(host, port, rules);
  if (reason === null) return;
  throw new AppError('VALIDATION.FAILED', `${field}: ${reason}`, { fields: [{ field, reason }] });
}
