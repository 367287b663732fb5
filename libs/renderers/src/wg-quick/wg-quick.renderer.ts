import type { DesiredState, Endpoint, WireGuardPeerEntry } from '@wom/domain';
import {
  hostKind,
  validateCidr,
  validateEndpointHost,
  validateInterfaceAddress,
  validateInterfaceName,
  validateIpv4,
  validateKeepalive,
  validateMtu,
  validatePort,
  validateWireGuardKey,
} from '@wom/domain';
import { commentSafe } from '../text';

export interface WgQuickOptions {
  /** Only config-file peers get a key from the control plane; without one the file says where it goes. */
  readonly privateKey?: string;
  /** Printed in the header; a parameter so output is a pure function of its inputs. */
  readonly generatedAt?: string;
}

/**
 * Renders one peer's DesiredState as a wg-quick file (spec §8.1), for devices without an
 * agent: laptops, phones, routers nobody manages. Every structural value is validated and
 * every name lands only in a comment, so nothing in the state can add a line or a section.
 * No PostUp/PostDown: wg-quick runs those through a shell; NAT on Linux comes from
 * `renderNftables`.
 *
 * @example renderWgQuick(laptopState, { privateKey, generatedAt: '2025-01-01T00:00:00Z' })
 */
export function renderWgQuick(state: DesiredState, options: WgQuickOptions = {}): string {
  // Concatenation rather than line arrays: a hub's file has thousands of [Peer] blocks.
  let text = `${[...headerLines(state, options), '', ...interfaceLines(state, options)].join('\n')}\n`;
  for (let index = 0; index < state.peers.length; index++) text += `\n${peerBlock(state.peers[index]!, `peers[${index}]`)}`;
  return text;
}

/** wg-quick names the interface after the file, so this is the name the file must be saved as. */
export function wgQuickFileName(state: DesiredState): string {
  return `${validateInterfaceName(state.interface.name, 'interface.name')}.conf`;
}

function headerLines(state: DesiredState, options: WgQuickOptions): string[] {
  const name = validateInterfaceName(state.interface.name, 'interface.name');
  const lines = [
    `# WAN Overlay Manager: WireGuard configuration for ${commentSafe(state.peerName)}`,
    `# Peer ID: ${commentSafe(state.peerId)}`,
    `# Content hash: ${commentSafe(state.contentHash)}`,
  ];
  if (options.generatedAt !== undefined) lines.push(`# Generated: ${commentSafe(options.generatedAt)}`);
  lines.push(`# Save as ${name}.conf, then run: wg-quick up ${name}`);
  return lines;
}

function interfaceLines(state: DesiredState, options: WgQuickOptions): string[] {
  const { interface: iface } = state;
  const lines = ['[Interface]'];
  if (options.privateKey !== undefined) {
    lines.push(`PrivateKey = ${validateWireGuardKey(options.privateKey, 'privateKey')}`);
  } else {
    lines.push('# PrivateKey: not included in this file; paste the private key of this device here as "PrivateKey = <key>".');
  }
  const addresses = iface.addresses.map((address, index) => validateInterfaceAddress(address, `interface.addresses[${index}]`));
  if (addresses.length > 0) lines.push(`Address = ${addresses.join(', ')}`);
  if (iface.listenPort !== null) lines.push(`ListenPort = ${validatePort(iface.listenPort, 'interface.listenPort')}`);
  if (iface.mtu !== null) lines.push(`MTU = ${validateMtu(iface.mtu, 'interface.mtu')}`);
  if (iface.dns.length > 0) {
    const servers = iface.dns.map((server, index) => validateIpv4(server, `interface.dns[${index}]`));
    lines.push(`DNS = ${servers.join(', ')}`);
  }
  return lines;
}

/**
 * The compiler shares one allowed-IP array (and one endpoint object) between every state that
 * lists the same remote, and states are immutable, so each is validated and formatted once.
 */
const formattedAllowedIps = new WeakMap<readonly string[], string>();
const formattedEndpoints = new WeakMap<Endpoint, string>();

function allowedIpsText(allowedIps: readonly string[], field: string): string {
  let text = formattedAllowedIps.get(allowedIps);
  if (text === undefined) {
    text = allowedIps.map((cidr, index) => validateCidr(cidr, `${field}.allowedIps[${index}]`)).join(', ');
    formattedAllowedIps.set(allowedIps, text);
  }
  return text;
}

function endpointText(endpoint: Endpoint, field: string): string {
  let text = formattedEndpoints.get(endpoint);
  if (text === undefined) {
    text = formatEndpoint(endpoint, `${field}.endpoint`);
    formattedEndpoints.set(endpoint, text);
  }
  return text;
}

function peerBlock(peer: WireGuardPeerEntry, field: string): string {
  let block = `[Peer]\n# ${commentSafe(peer.name)}\nPublicKey = ${validateWireGuardKey(peer.publicKey, `${field}.publicKey`)}\n`;
  if (peer.endpoint !== null) block += `Endpoint = ${endpointText(peer.endpoint, field)}\n`;
  if (peer.allowedIps.length > 0) block += `AllowedIPs = ${allowedIpsText(peer.allowedIps, field)}\n`;
  if (peer.persistentKeepalive !== null) {
    block += `PersistentKeepalive = ${validateKeepalive(peer.persistentKeepalive, `${field}.persistentKeepalive`)}\n`;
  }
  return block;
}

/** `host:port`, with IPv6 hosts bracketed so the port separator stays unambiguous. */
function formatEndpoint(endpoint: Endpoint, field: string): string {
  const host = validateEndpointHost(endpoint.host, `${field}.host`);
  const port = validatePort(endpoint.port, `${field}.port`);
  return hostKind(host) === 'ipv6' ? `[${host}]:${port}` : `${host}:${port}`;
}
