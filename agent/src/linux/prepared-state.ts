import { createHash } from 'node:crypto';
import type { DesiredState, Endpoint } from '@wom/domain';
import {
  isIpv6,
  validateCidr,
  validateEndpointHost,
  validateInterfaceAddress,
  validateInterfaceName,
  validateKeepalive,
  validateMtu,
  validatePort,
  validateWireGuardKey,
} from '@wom/domain';
import type { NftTable } from '@wom/renderers';
import { instanceNftTable, renderNftables } from '@wom/renderers';
import type { EndpointResolverPort } from './linux-system.port';
import type { DesiredWireGuardPeer } from './wireguard-peer.diff';

/**
 * A desired state checked and shaped for the Linux tools: every string that reaches `wg`,
 * `ip` or `nft` has passed a domain validator, endpoints are resolved to addresses (what
 * `wg show` prints), and the nftables script is rendered once. Apply and drift share it.
 */
export interface PreparedState {
  readonly state: DesiredState;
  readonly interfaceName: string;
  readonly listenPort: number | null;
  readonly mtu: number | null;
  readonly addresses: readonly string[];
  readonly routes: readonly string[];
  readonly peers: readonly DesiredWireGuardPeer[];
  /** The instance's own table, named after its interface: two agents on one box never share one. */
  readonly nftTable: NftTable;
  readonly nftScript: string;
  /** SHA-256 of the script: an unchanged script on an unchanged table needs no `nft -f`. */
  readonly nftDigest: string;
}

/** Throws a DomainError naming the offending field when anything would be unsafe to hand to a tool. */
export async function prepareState(state: DesiredState, resolver: EndpointResolverPort): Promise<PreparedState> {
  const iface = state.interface;
  const interfaceName = validateInterfaceName(iface.name, 'interface.name');
  const listenPort = iface.listenPort === null ? null : validatePort(iface.listenPort, 'interface.listenPort');
  const mtu = iface.mtu === null ? null : validateMtu(iface.mtu, 'interface.mtu');
  const addresses = iface.addresses.map((cidr, i) => validateInterfaceAddress(cidr, `interface.addresses[${i}]`));
  const routes = state.routes.map((cidr, i) => validateCidr(cidr, `routes[${i}]`));
  const seen = new Set<string>();
  const peers: DesiredWireGuardPeer[] = [];
  for (const [i, entry] of state.peers.entries()) {
    const field = `peers[${i}]`;
    const publicKey = validateWireGuardKey(entry.publicKey, `${field}.publicKey`);
    if (seen.has(publicKey)) throw new Error(`${field}.publicKey: the key ${publicKey} is listed twice`);
    seen.add(publicKey);
    peers.push({
      publicKey,
      endpoint: entry.endpoint === null ? null : await resolveEndpoint(entry.endpoint, resolver, `${field}.endpoint`),
      persistentKeepalive: entry.persistentKeepalive === null ? null : validateKeepalive(entry.persistentKeepalive, `${field}.persistentKeepalive`) || null,
      allowedIps: entry.allowedIps.map((cidr, j) => validateCidr(cidr, `${field}.allowedIps[${j}]`)),
    });
  }
  const nftTable = instanceNftTable(interfaceName);
  const nftScript = renderNftables(state, nftTable);
  return {
    state,
    interfaceName,
    listenPort,
    mtu,
    addresses,
    routes,
    peers,
    nftTable,
    nftScript,
    nftDigest: createHash('sha256').update(nftScript).digest('hex'),
  };
}

async function resolveEndpoint(endpoint: Endpoint, resolver: EndpointResolverPort, field: string): Promise<string> {
  const host = validateEndpointHost(endpoint.host, `${field}.host`);
  const port = validatePort(endpoint.port, `${field}.port`);
  const address = await resolver.resolve(host);
  return isIpv6(address) ? `[${address}]:${port}` : `${address}:${port}`;
}
