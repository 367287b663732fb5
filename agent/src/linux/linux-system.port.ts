import type { NftTable } from '@wom/renderers';
import type { LinkInfo, MarkedRoute } from './address-route.diff';
import type { WireGuardDevice } from './wireguard-dump.parser';
import type { PeerChange } from './wireguard-peer.diff';

/**
 * The agent's view of a Linux box, one small port per tool. The apply, drift and status
 * logic depend on these only; the adapters run `wg`, `ip`, `nft` and `sysctl`.
 */

export type WireGuardBackend = 'kernel' | 'userspace';

export interface WireGuardPort {
  /** The device as `wg show <name> dump` reports it; null when there is no such WireGuard device. */
  readDevice(name: string): Promise<WireGuardDevice | null>;
  /** Creates the interface with the kernel module, or with wireguard-go where the kernel lacks it. */
  createInterface(name: string): Promise<WireGuardBackend>;
  setPrivateKey(name: string, privateKey: string): Promise<void>;
  setListenPort(name: string, port: number): Promise<void>;
  /** Applies every change in one `wg set` call; never touches the listen port. */
  applyPeerChanges(name: string, changes: readonly PeerChange[]): Promise<void>;
  /**
   * Makes the device send each peer a keepalive now, which starts a handshake when there is no
   * session, then leaves each peer's keepalive as `persistentKeepalive` says.
   */
  kickHandshakes(name: string, peers: readonly HandshakeKick[]): Promise<void>;
}

export interface HandshakeKick {
  readonly publicKey: string;
  /** The peer's configured keepalive, restored afterwards; null is off. */
  readonly persistentKeepalive: number | null;
}

export interface AddressRoutePort {
  readLink(name: string): Promise<LinkInfo | null>;
  /** Sets the MTU (when given) and brings the link up. */
  setLink(name: string, settings: { readonly mtu: number | null }): Promise<void>;
  readAddresses(name: string): Promise<string[]>;
  addAddress(name: string, cidr: string): Promise<void>;
  removeAddress(name: string, cidr: string): Promise<void>;
  /**
   * The instance's own routes: those carrying the agent's protocol marker on `device`, its
   * interface. A marked route on any other device is never listed.
   */
  readOwnedRoutes(device: string): Promise<MarkedRoute[]>;
  /** Adds routes through `device` with the agent's marker, in one batch; the first failure stops it and is named. */
  addRoutes(destinations: readonly string[], device: string): Promise<void>;
  /** Removes exactly these routes, each by destination, device and marker. */
  removeRoutes(routes: readonly MarkedRoute[]): Promise<void>;
  /** Deletes the link (and with it its addresses and routes); false when there was none. */
  deleteLink(name: string): Promise<boolean>;
}

/** The agent names only tables that passed `validateNftTable`: its own, or one it recorded loading. */
export interface NftPort {
  /** Runs a ruleset script with `nft -f`, which applies it as one transaction. */
  applyRuleset(script: string): Promise<void>;
  /** `nft -s list table <family> <name>` (stateless: no counter values); null when absent. */
  readTable(table: NftTable): Promise<string | null>;
  /** Deletes one table; false when there was none. */
  deleteTable(table: NftTable): Promise<boolean>;
}

export interface SysctlPort {
  read(key: string): Promise<string>;
  write(key: string, value: string): Promise<void>;
}

/** Turns an endpoint host into an address `wg` prints back, so the diff compares like with like. */
export interface EndpointResolverPort {
  resolve(host: string): Promise<string>;
}

export interface LinuxSystemPorts {
  readonly wireguard: WireGuardPort;
  readonly network: AddressRoutePort;
  readonly nft: NftPort;
  readonly sysctl: SysctlPort;
  readonly resolver: EndpointResolverPort;
}
