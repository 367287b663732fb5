import type { PeerType } from '../model/wan.model';

/**
 * Every variable a configuration template may use (spec §4.5.2), written `{{NAME}}` in a body.
 * A body naming anything else is refused when it is saved, so a typo never reaches a device.
 */
export const TEMPLATE_VARIABLES = [
  'PEER_NAME',
  'TUNNEL_IP',
  'SHARED_SERVICE_IP',
  'LOCAL_SUBNETS',
  'PUBLIC_KEY',
  'PRIVATE_KEY',
  'ENDPOINT',
  'LISTEN_PORT',
  'DNS',
  'MTU',
  'KEEPALIVE',
  'WAN_NAME',
  'TUNNEL_RANGE',
  'SHARED_SERVICES_RANGE',
  'PEERS',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/**
 * Free text a user typed. These may only appear on `#` comment lines: a peer named `PostUp`
 * in `{{PEER_NAME}} = x` would otherwise become a shell hook.
 */
export const FREE_TEXT_VARIABLES: readonly TemplateVariable[] = ['PEER_NAME', 'WAN_NAME'];

/** Rendered `[Peer]` sections span several lines, so this one must stand alone on its line. */
export const BLOCK_VARIABLES: readonly TemplateVariable[] = ['PEERS'];

/** A body longer than this is not a configuration template (a built-in one is under 1 KiB). */
export const MAX_TEMPLATE_BODY_LENGTH = 16_384;

/**
 * What a template sets on a peer created from it. `null` means "leave it unset": no listen
 * port (a roaming client), no keepalive, wg-quick's own MTU.
 */
export interface TemplateDefaults {
  readonly persistentKeepalive: number | null;
  readonly listenPort: number | null;
  readonly mtu: number | null;
  readonly dns: readonly string[];
  /** Whether local subnets added without an explicit `isRouted` are announced to the WAN. */
  readonly routesLocalSubnets: boolean;
  /** Whether the peer is expected to publish services (the UI opens the services step). */
  readonly publishesServices: boolean;
}

export interface ConfigTemplate {
  /** A slug for built-ins (`simple-client`); the database id for custom templates. */
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The peer type the template suits; a peer created from it gets this type unless told otherwise. */
  readonly peerType: PeerType;
  readonly defaults: TemplateDefaults;
  /** wg-quick-like text with `{{VARIABLE}}` placeholders; see {@link validateTemplateBody}. */
  readonly body: string;
  readonly builtIn: boolean;
}

/**
 * Values for {@link renderTemplate}. Each is validated before it is written; `undefined`,
 * `null` and an empty list all mean "missing" (see renderTemplate for how that renders).
 */
export interface TemplateValues {
  readonly PEER_NAME?: string | null;
  readonly WAN_NAME?: string | null;
  /** A bare IPv4 address; the body adds the prefix (`{{TUNNEL_IP}}/32`). */
  readonly TUNNEL_IP?: string | null;
  /** The peer's shared-service address, bare IPv4. */
  readonly SHARED_SERVICE_IP?: string | null;
  readonly LOCAL_SUBNETS?: readonly string[] | null;
  readonly PUBLIC_KEY?: string | null;
  readonly PRIVATE_KEY?: string | null;
  /** `host:port`, or the host and port apart; IPv6 hosts are bracketed on output. */
  readonly ENDPOINT?: string | { readonly host: string; readonly port: number } | null;
  readonly LISTEN_PORT?: number | null;
  readonly DNS?: readonly string[] | null;
  readonly MTU?: number | null;
  readonly KEEPALIVE?: number | null;
  readonly TUNNEL_RANGE?: string | null;
  readonly SHARED_SERVICES_RANGE?: string | null;
  /** `[Peer]` sections as renderWgQuick writes them (see {@link peerSectionsOf}). */
  readonly PEERS?: string | null;
}
