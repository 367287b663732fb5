import { canonicalCidr } from './wireguard-peer.diff';

/**
 * Routes the agent installs carry this routing protocol number (`ip route … proto 87`), so
 * that of the routes on its interface it touches only those it added, never one the kernel
 * made for an address. The marker alone does not make a route the agent's: another agent on
 * the same box, or another tool, may use it too. An instance owns only marked routes on its
 * own interface ({@link routesOwnedBy}). 87 is unassigned in iproute2's rt_protos.
 */
export const WOM_ROUTE_PROTOCOL = 87;

/** One row of `ip -j link show`. */
export interface LinkInfo {
  readonly name: string;
  readonly mtu: number;
  readonly up: boolean;
}

/** A route with our marker as `ip -4 -j route show table main proto 87` lists it, on any device. */
export interface MarkedRoute {
  readonly destination: string;
  readonly device: string;
}

export interface AddressChanges {
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

export interface RouteChanges {
  readonly add: readonly string[];
  readonly remove: readonly MarkedRoute[];
}

interface IpLinkRow {
  readonly ifname?: unknown;
  readonly mtu?: unknown;
  readonly flags?: unknown;
  readonly addr_info?: unknown;
}

interface IpAddressRow {
  readonly family?: unknown;
  readonly local?: unknown;
  readonly prefixlen?: unknown;
  readonly scope?: unknown;
}

interface IpRouteRow {
  readonly dst?: unknown;
  readonly dev?: unknown;
}

function jsonRows<T>(text: string, what: string): T[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  const parsed: unknown = JSON.parse(trimmed);
  if (!Array.isArray(parsed)) throw new Error(`ip -j ${what}: expected a JSON array`);
  return parsed as T[];
}

/** Parses `ip -j link show dev <name>`; null when the output lists no such link. */
export function parseIpLink(text: string): LinkInfo | null {
  const row = jsonRows<IpLinkRow>(text, 'link')[0];
  if (row === undefined || typeof row.ifname !== 'string') return null;
  const flags = Array.isArray(row.flags) ? row.flags : [];
  return { name: row.ifname, mtu: typeof row.mtu === 'number' ? row.mtu : 0, up: flags.includes('UP') };
}

/**
 * The IPv4 addresses of `ip -j addr show dev <name>` as CIDRs. Link-local scope is left out:
 * the kernel manages it and the desired state never names it.
 */
export function parseIpAddresses(text: string): string[] {
  return jsonRows<IpLinkRow>(text, 'addr').flatMap((link) =>
    (Array.isArray(link.addr_info) ? (link.addr_info as IpAddressRow[]) : [])
      .filter((address) => address.family === 'inet' && address.scope !== 'link' && typeof address.local === 'string')
      .map((address) => `${String(address.local)}/${Number(address.prefixlen)}`),
  );
}

/** Parses `ip -4 -j route show … proto 87`; a host route prints without `/32`. */
export function parseMarkedRoutes(text: string): MarkedRoute[] {
  return jsonRows<IpRouteRow>(text, 'route')
    .filter((row) => typeof row.dst === 'string' && row.dst !== 'default' && typeof row.dev === 'string')
    .map((row) => ({ destination: canonicalCidr(hostAsCidr(String(row.dst))), device: String(row.dev) }));
}

const hostAsCidr = (destination: string) => (destination.includes('/') ? destination : `${destination}/32`);

/** Addresses to add to and remove from the interface, which the agent owns whole. */
export function diffAddresses(desired: readonly string[], actual: readonly string[]): AddressChanges {
  const want = new Set(desired.map(canonicalAddress));
  const have = new Set(actual.map(canonicalAddress));
  return { add: [...want].filter((cidr) => !have.has(cidr)), remove: [...have].filter((cidr) => !want.has(cidr)) };
}

/** An interface address keeps its host bits (`10.0.0.2/24` is not `10.0.0.0/24`), so only the spelling is normalised. */
function canonicalAddress(cidr: string): string {
  const [address, length] = cidr.split('/');
  return `${address ?? ''}/${length ?? '32'}`;
}

/**
 * The marked routes that belong to the instance whose interface is `device`. A marked route on
 * any other device is someone else's (a second agent on the box, or a tool that picked the
 * same number): it is never listed as ours, removed, or reported as drift.
 */
export function routesOwnedBy(routes: readonly MarkedRoute[], device: string): MarkedRoute[] {
  return routes.filter((route) => route.device === device);
}

/**
 * Routes to add through `device` and our routes to remove. Only routes {@link routesOwnedBy}
 * `device` can be removed, whatever list the caller passes.
 */
export function diffRoutes(desired: readonly string[], device: string, actual: readonly MarkedRoute[]): RouteChanges {
  const want = new Set(desired.map(canonicalCidr));
  const owned = routesOwnedBy(actual, device);
  const present = new Set(owned.map((route) => route.destination));
  return {
    add: [...want].filter((cidr) => !present.has(cidr)),
    remove: owned.filter((route) => !want.has(route.destination)),
  };
}
