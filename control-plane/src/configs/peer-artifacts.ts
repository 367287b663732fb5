import { createHash } from 'node:crypto';
import type { DesiredState, PeerType } from '@wom/domain';
import { renderNftables, renderRouterOsScript, renderWgQuick, wgQuickFileName } from '@wom/renderers';
import type { DeploymentMode } from '../database/entities/peer.entity';
import type { ConfigType } from '../history/history.repository';

/** Peer types that run Linux (or can) and so get an nftables script for NAT and forwarding. */
const LINUX_TYPES: readonly PeerType[] = ['server', 'generic-router', 'hub'];
const NFTABLES_FILE = 'wom-nftables.nft';

export interface PeerArtifact {
  readonly configType: ConfigType;
  readonly fileName: string;
  readonly contentType: string;
  readonly content: string;
  /** True when `content` carries the private key. */
  readonly holdsPrivateKey: boolean;
}

export interface PeerKind {
  readonly type: PeerType;
  readonly deploymentMode: DeploymentMode;
}

/** MikroTik routers get a RouterOS script; everything gets a wg-quick file. */
export const isMikrotik = (peer: PeerKind): boolean => peer.type === 'mikrotik' || peer.deploymentMode.startsWith('mikrotik');

/** Whether the control plane makes and holds this peer's key (spec §10.1): config-file peers that aren't routers. */
export const keyIsOurs = (peer: PeerKind): boolean => peer.deploymentMode === 'config-file' && peer.type !== 'mikrotik';

/** Whether a new configuration waits for someone to apply it by hand (no agent, no auto-deploy). */
export const needsManualApplication = (peer: PeerKind & { readonly mikrotikAutoDeploy?: boolean }): boolean =>
  peer.deploymentMode === 'config-file' || peer.deploymentMode === 'mikrotik-script' || (peer.deploymentMode === 'mikrotik-api' && !peer.mikrotikAutoDeploy);

export interface PeerArtifactOptions {
  readonly privateKey?: string;
  readonly generatedAt?: string;
  /** Without a key: the comment saying where the key is and why it is not here (see `privateKeyNote`). */
  readonly keyNote?: string;
}

/**
 * The files a peer is given, rendered from its compiled state: wg-quick for every peer, a
 * `.rsc` script for MikroTik, nftables for Linux-ish types. Pure: the key and the time are inputs.
 */
export function peerArtifacts(state: DesiredState, peer: PeerKind, options: PeerArtifactOptions): PeerArtifact[] {
  const key = options.privateKey === undefined ? {} : { privateKey: options.privateKey };
  const when = options.generatedAt === undefined ? {} : { generatedAt: options.generatedAt };
  const wgQuick = renderWgQuick(state, { ...key, ...when });
  const artifacts: PeerArtifact[] = [
    {
      configType: 'wireguard',
      fileName: wgQuickFileName(state),
      contentType: 'text/plain',
      content: options.privateKey === undefined && options.keyNote !== undefined ? withPrivateKeyNote(wgQuick, options.keyNote) : wgQuick,
      holdsPrivateKey: options.privateKey !== undefined,
    },
  ];
  if (isMikrotik(peer)) {
    artifacts.push({
      configType: 'mikrotik-script',
      fileName: `${state.interface.name}.rsc`,
      contentType: 'text/plain',
      // The router keeps its own key; a script never carries ours.
      content: renderRouterOsScript(state, { generatedAt: options.generatedAt ?? 'at regeneration' }),
      holdsPrivateKey: false,
    });
  }
  if (LINUX_TYPES.includes(peer.type)) {
    artifacts.push({ configType: 'nftables', fileName: NFTABLES_FILE, contentType: 'text/plain', content: renderNftables(state), holdsPrivateKey: false });
  }
  return artifacts;
}

/** What history compares: the stored text plus the sealed key, so a new key is a new version even though the text shows it redacted. */
export const artifactDigest = (text: string, sealedPrivateKey: string | null): string =>
  createHash('sha256').update(text).update('\u0000').update(sealedPrivateKey ?? '').digest('hex');

/**
 * Puts `note` where the renderer left its generic "no key here" comment; if a renderer change
 * ever drops that comment, the note goes right under `[Interface]` instead, so it is never lost.
 */
export function withPrivateKeyNote(wgQuick: string, note: string): string {
  const placeholder = /^# PrivateKey:.*$/m;
  if (placeholder.test(wgQuick)) return wgQuick.replace(placeholder, () => note);
  return wgQuick.replace(/^\[Interface\]$/m, () => `[Interface]\n${note}`);
}
