import { create } from '@bufbuild/protobuf';
// Type-only: the mapper's input and output are the domain's own values; nothing of the
// domain runs here, so contracts stay a leaf at runtime.
// eslint-disable-next-line @nx/enforce-module-boundaries
import type { DesiredState, PeerType as DomainPeerType, NetmapRule, ServiceNatRule, WireGuardPeerEntry } from '@wom/domain';
import {
  DesiredStateSchema,
  NetmapRuleSchema,
  ServiceNatRuleSchema,
  type NetmapRule as NetmapRuleMessage,
  type ServiceNatRule as ServiceNatRuleMessage,
  PeerType,
  TransportProtocol,
  WireGuardPeerEntrySchema,
  type DesiredState as DesiredStateMessage,
  type WireGuardPeerEntry as WireGuardPeerEntryMessage,
} from './generated/wom/agent/v1/desired_state_pb';

/** A message that cannot be read as a domain value (a newer or broken sender). */
export class ContractError extends Error {
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'ContractError';
  }
}

const PEER_TYPE_TO_WIRE: Readonly<Record<DomainPeerType, PeerType>> = {
  mikrotik: PeerType.MIKROTIK,
  'generic-router': PeerType.GENERIC_ROUTER,
  server: PeerType.SERVER,
  client: PeerType.CLIENT,
  hub: PeerType.HUB,
};

const PEER_TYPE_FROM_WIRE = new Map<PeerType, DomainPeerType>(
  Object.entries(PEER_TYPE_TO_WIRE).map(([domain, wire]) => [wire, domain as DomainPeerType]),
);

const PROTOCOL_TO_WIRE = { tcp: TransportProtocol.TCP, udp: TransportProtocol.UDP } as const;

export function peerTypeToWire(type: DomainPeerType): PeerType {
  return PEER_TYPE_TO_WIRE[type];
}

export function peerTypeFromWire(type: PeerType, field = 'peerType'): DomainPeerType {
  const domain = PEER_TYPE_FROM_WIRE.get(type);
  if (!domain) throw new ContractError(field, `unknown peer type ${type}`);
  return domain;
}

function protocolFromWire(protocol: TransportProtocol, field: string): 'tcp' | 'udp' {
  if (protocol === TransportProtocol.TCP) return 'tcp';
  if (protocol === TransportProtocol.UDP) return 'udp';
  throw new ContractError(field, `unknown protocol ${protocol}`);
}

/** Proto3 has no null for scalars: a domain null travels as an absent optional field. */
function optional(value: number | null): number | undefined {
  return value ?? undefined;
}

function nullable(value: number | undefined): number | null {
  return value ?? null;
}

/** One WireGuard peer entry as its message; senders may encode entries shared by many states once. */
export function wireGuardPeerEntryToWire(peer: WireGuardPeerEntry): WireGuardPeerEntryMessage {
  return create(WireGuardPeerEntrySchema, {
    peerId: peer.peerId,
    name: peer.name,
    publicKey: peer.publicKey,
    endpoint: peer.endpoint ? { host: peer.endpoint.host, port: peer.endpoint.port } : undefined,
    persistentKeepalive: optional(peer.persistentKeepalive),
    allowedIps: [...peer.allowedIps],
  });
}

export function serviceNatToWire(rules: readonly ServiceNatRule[]): ServiceNatRuleMessage[] {
  return rules.map((rule) =>
    create(ServiceNatRuleSchema, {
      serviceId: rule.serviceId,
      name: rule.name,
      protocols: rule.protocols.map((protocol) => PROTOCOL_TO_WIRE[protocol]),
      sharedIp: rule.sharedIp,
      sharedPort: rule.sharedPort,
      localIp: rule.localIp,
      localPort: rule.localPort,
    }),
  );
}

export function netmapToWire(rules: readonly NetmapRule[]): NetmapRuleMessage[] {
  return rules.map((rule) => create(NetmapRuleSchema, { subnetId: rule.subnetId, realCidr: rule.realCidr, translatedCidr: rule.translatedCidr }));
}

/** The domain's desired state as the `wom.agent.v1.DesiredState` message. */
export function desiredStateToWire(state: DesiredState): DesiredStateMessage {
  return create(DesiredStateSchema, {
    peerId: state.peerId,
    wanId: state.wanId,
    peerName: state.peerName,
    peerType: peerTypeToWire(state.peerType),
    interface: {
      name: state.interface.name,
      listenPort: optional(state.interface.listenPort),
      mtu: optional(state.interface.mtu),
      addresses: [...state.interface.addresses],
      dns: [...state.interface.dns],
      tunnelIp: state.interface.tunnelIp,
      tunnelRange: state.interface.tunnelRange,
    },
    peers: state.peers.map(wireGuardPeerEntryToWire),
    routes: [...state.routes],
    firewall: { relay: state.firewall.relay, localDestinations: [...state.firewall.localDestinations] },
    serviceNat: serviceNatToWire(state.serviceNat),
    netmap: netmapToWire(state.netmap),
    contentHash: state.contentHash,
  });
}

/**
 * The `wom.agent.v1.DesiredState` message as the domain value. Throws {@link ContractError}
 * naming the field when a required part is missing or an enum is unknown, so an agent
 * never applies half a state.
 */
export function desiredStateFromWire(message: DesiredStateMessage): DesiredState {
  const { interface: iface, firewall } = message;
  if (!iface) throw new ContractError('interface', 'missing');
  if (!firewall) throw new ContractError('firewall', 'missing');
  return {
    peerId: message.peerId,
    wanId: message.wanId,
    peerName: message.peerName,
    peerType: peerTypeFromWire(message.peerType),
    interface: {
      name: iface.name,
      listenPort: nullable(iface.listenPort),
      mtu: nullable(iface.mtu),
      addresses: [...iface.addresses],
      dns: [...iface.dns],
      tunnelIp: iface.tunnelIp,
      tunnelRange: iface.tunnelRange,
    },
    peers: message.peers.map(wireGuardPeerEntryFromWire),
    routes: [...message.routes],
    firewall: { relay: firewall.relay, localDestinations: [...firewall.localDestinations] },
    serviceNat: serviceNatFromWire(message.serviceNat),
    netmap: netmapFromWire(message.netmap),
    contentHash: message.contentHash,
  };
}

export function wireGuardPeerEntryFromWire(peer: WireGuardPeerEntryMessage): WireGuardPeerEntry {
  return {
    peerId: peer.peerId,
    name: peer.name,
    publicKey: peer.publicKey,
    endpoint: peer.endpoint ? { host: peer.endpoint.host, port: peer.endpoint.port } : null,
    persistentKeepalive: nullable(peer.persistentKeepalive),
    allowedIps: [...peer.allowedIps],
  };
}

export function serviceNatFromWire(rules: readonly ServiceNatRuleMessage[], field = 'serviceNat'): ServiceNatRule[] {
  return rules.map((rule, index) => ({
    serviceId: rule.serviceId,
    name: rule.name,
    protocols: rule.protocols.map((protocol, at) => protocolFromWire(protocol, `${field}[${index}].protocols[${at}]`)),
    sharedIp: rule.sharedIp,
    sharedPort: rule.sharedPort,
    localIp: rule.localIp,
    localPort: rule.localPort,
  }));
}

export function netmapFromWire(rules: readonly NetmapRuleMessage[]): NetmapRule[] {
  return rules.map((rule) => ({ subnetId: rule.subnetId, realCidr: rule.realCidr, translatedCidr: rule.translatedCidr }));
}
