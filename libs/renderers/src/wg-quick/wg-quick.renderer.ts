import type { DesiredState, Endpoint, WireGuardPeerEntry } from '@wom/domain';
import {
  assertCidr,
  assertHost,
  assertIntegerInRange,
  assertInterfaceAddress,
  assertInterfaceName,
  assertIpv4,
  assertPort,
  assertWireGuardKey,
  commentSafe,
} from '../text';

export interface WgQuickOptions {
  /** Only config-file peers get a key from the control plane; without one the file says where it goes. */
  readonly privateKey?: string;
  /** Printed in the header; a parameter so output is a pure function of its inputs. */
  readonly generatedAt?: string;
}

/**
 * The domain's limits: below 1280 Linux drops IPv6 from the interface, 9000 is the usual
 * jumbo-frame ceiling; a keepalive is a 16-bit count of seconds, 0 meaning off.
 */
const MTU_RANGE = { min: 1280, max: 9000 };
const KEEPALIVE_RANGE = { min: 0, max: 65535 };

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
  const lines = [...headerLines(state, options), '', ...interfaceLines(state, options)];
  state.peers.forEach((peer, index) => lines.push('', ...peerLines(peer, `peers[${index}]`)));
  return `${lines.join('\n')}\n`;
}

/** wg-quick names the interface after the file, so this is the name the file must be saved as. */
export function wgQuickFileName(state: DesiredState): string {
  return `${assertInterfaceName(state.interface.name, 'interface.name')}.conf`;
}

function headerLines(state: DesiredState, options: WgQuickOptions): string[] {
  const name = assertInterfaceName(state.interface.name, 'interface.name');
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
    lines.push(`PrivateKey = ${assertWireGuardKey(options.privateKey, 'privateKey')}`);
  } else {
    lines.push('# PrivateKey: this device keeps its own key; paste it here as "PrivateKey = <key>".');
  }
  const addresses = iface.addresses.map((address, index) => assertInterfaceAddress(address, `interface.addresses[${index}]`));
  if (addresses.length > 0) lines.push(`Address = ${addresses.join(', ')}`);
  if (iface.listenPort !== null) lines.push(`ListenPort = ${assertPort(iface.listenPort, 'interface.listenPort')}`);
  if (iface.mtu !== null) lines.push(`MTU = ${assertIntegerInRange(iface.mtu, MTU_RANGE, 'interface.mtu', 'VALIDATION.INVALID_MTU')}`);
  if (iface.dns.length > 0) {
    const servers = iface.dns.map((server, index) => assertIpv4(server, `interface.dns[${index}]`));
    lines.push(`DNS = ${servers.join(', ')}`);
  }
  return lines;
}

function peerLines(peer: WireGuardPeerEntry, field: string): string[] {
  const lines = [`[Peer]`, `# ${commentSafe(peer.name)}`, `PublicKey = ${assertWireGuardKey(peer.publicKey, `${field}.publicKey`)}`];
  if (peer.endpoint !== null) lines.push(`Endpoint = ${formatEndpoint(peer.endpoint, `${field}.endpoint`)}`);
  const allowedIps = peer.allowedIps.map((cidr, index) => assertCidr(cidr, `${field}.allowedIps[${index}]`));
  if (allowedIps.length > 0) lines.push(`AllowedIPs = ${allowedIps.join(', ')}`);
  if (peer.persistentKeepalive !== null) {
    const keepaliveField = `${field}.persistentKeepalive`;
    const keepalive = assertIntegerInRange(peer.persistentKeepalive, KEEPALIVE_RANGE, keepaliveField, 'VALIDATION.INVALID_KEEPALIVE');
    lines.push(`PersistentKeepalive = ${keepalive}`);
  }
  return lines;
}

/** `host:port`, with IPv6 hosts bracketed so the port separator stays unambiguous. */
function formatEndpoint(endpoint: Endpoint, field: string): string {
  const kind = assertHost(endpoint.host, `${field}.host`);
  const port = assertPort(endpoint.port, `${field}.port`);
  return kind === 'ipv6' ? `[${endpoint.host}]:${port}` : `${endpoint.host}:${port}`;
}
