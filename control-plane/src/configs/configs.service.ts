import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import { EventBus } from '../events/event-bus';
import { buildExportZip, configQrPng, configQrSvg, exportReadme, safeFileName } from '../exports';
import { PeerKeyVault } from '../secrets/secrets.module';
import { StateChangeRepository } from '../state-changes/state-change.repository';
import { CompiledWanCache, type CompiledPeer } from '../topology/compiled-wan.cache';
import { WanRepository } from '../wan/wan.repository';
import type { RegenerateKeysResponse } from './configs.dto';
import type { Download } from './download';
import { isMikrotik, keyIsOurs, peerArtifacts } from './peer-artifacts';
import { PrivateKeyDisclosurePolicy, type DisclosureActor, type DisclosureRequest } from './private-key-disclosure.policy';
import { keyOrNote } from './private-key-note.logic';

/** One peer's generated files (spec §7.2, §8): wg-quick, RouterOS script, QR, ZIP; and its keys. */
@Injectable()
export class ConfigsService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(CompiledWanCache) private readonly compiled: CompiledWanCache,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(StateChangeRepository) private readonly stateChanges: StateChangeRepository,
    @Inject(PeerKeyVault) private readonly keys: PeerKeyVault,
    @Inject(PrivateKeyDisclosurePolicy) private readonly disclosure: PrivateKeyDisclosurePolicy,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * wg-quick text; the private key only on explicit, policy-approved request. Without it, the
   * file says where the key is and why it is not in the file (see `privateKeyNote`).
   */
  async wgQuick(peerId: string, includePrivateKey: boolean, actor: DisclosureActor, now = new Date()): Promise<Download> {
    const { peer, state } = await this.compilePeer(peerId);
    const privateKey = includePrivateKey ? await this.disclose(peer, 'config', actor) : undefined;
    const [wg] = peerArtifacts(state, peer, { ...keyOrNote(peer, privateKey, actor), generatedAt: now.toISOString() });
    return { contentType: 'text/plain', fileName: `${safeFileName(peer.name)}-${wg!.fileName}`, body: wg!.content };
  }

  async mikrotikScript(peerId: string, now = new Date()): Promise<Download> {
    const { peer, state } = await this.compilePeer(peerId);
    const script = peerArtifacts(state, { ...peer, type: 'mikrotik' }, { generatedAt: now.toISOString() }).find((a) => a.configType === 'mikrotik-script')!;
    return { contentType: 'text/plain', fileName: `${safeFileName(peer.name)}.rsc`, body: script.content };
  }

  /** A QR code for the WireGuard mobile app; it carries the key, since the phone needs it. */
  async qr(peerId: string, format: 'png' | 'svg', actor: DisclosureActor): Promise<Download> {
    const { peer, state } = await this.compilePeer(peerId);
    const privateKey = await this.disclose(peer, 'qr', actor);
    const [wg] = peerArtifacts(state, peer, keyOrNote(peer, privateKey, actor));
    const fileName = `${safeFileName(peer.name)}-qr.${format}`;
    return format === 'svg'
      ? { contentType: 'image/svg+xml', fileName, body: await configQrSvg(wg!.content), disposition: 'inline' }
      : { contentType: 'image/png', fileName, body: await configQrPng(wg!.content), disposition: 'inline' };
  }

  /** The peer's files as a ZIP (spec §7.6), one folder named after the peer. */
  async peerExport(peerId: string, includePrivateKey: boolean, actor: DisclosureActor, now = new Date()): Promise<Download> {
    const { gathered, peer, state } = await this.compilePeer(peerId);
    const privateKey = includePrivateKey ? await this.disclose(peer, 'peer-export', actor) : undefined;
    const folder = safeFileName(peer.name);
    const files = peerArtifacts(state, peer, { ...keyOrNote(peer, privateKey, actor), generatedAt: now.toISOString() }).map((a) => ({
      path: `${folder}/${a.fileName}`,
      content: a.content,
      mode: a.holdsPrivateKey ? 0o600 : 0o644,
    }));
    const readme = exportReadme(gathered.wan.name, [{ peerName: peer.name, peerType: peer.type, tunnelIp: peer.tunnelIp, files: files.map((f) => f.path) }], { generatedAt: now.toISOString() });
    return { contentType: 'application/zip', fileName: `${folder}.zip`, body: await buildExportZip(files, readme) };
  }

  /**
   * A new key pair for a config-file peer. Every peer of the WAN lists this peer's public key,
   * so all of them get an outbox row; devices with their own keys are refused.
   */
  async regenerateKeys(peerId: string): Promise<RegenerateKeysResponse> {
    const result = await this.database.transaction(async (tx) => {
      const before = await tx.findOneBy(PeerEntity, { id: peerId });
      if (!before) throw peerNotFound(peerId);
      await this.wans.lockById(tx, before.wanId);
      const peer = await tx.findOneBy(PeerEntity, { id: peerId });
      if (!peer) throw peerNotFound(peerId);
      if (!keyIsOurs(peer)) {
        throw new AppError(
          'PEER.KEY_MANAGED_BY_DEVICE',
          `Peer "${peer.name}" (${peer.type}, ${peer.deploymentMode}) makes its own key on the device. Rotate it there; the control plane picks up the new public key when the device reports it.`,
        );
      }
      const previousPublicKey = peer.publicKey;
      Object.assign(peer, this.keys.newKeyPair(peer.id));
      await tx.save(peer);
      const peerIds = await this.wans.peerIds(tx, peer.wanId);
      await this.stateChanges.record(tx, { wanId: peer.wanId, peerIds, reason: 'peer.updated' });
      // Public keys only: the new private key stays sealed in the peer row.
      await this.audit.record(tx, {
        action: 'peer.regenerate-keys',
        entityType: 'peer',
        entityId: peer.id,
        wanId: peer.wanId,
        before: { publicKey: previousPublicKey },
        after: { publicKey: peer.publicKey, affectedPeerIds: peerIds },
      });
      return { peer, peerIds };
    });
    this.events.publish('config.changed', { wanId: result.peer.wanId, peerIds: result.peerIds, reason: 'peer.keys-regenerated' });
    return { peerId, publicKey: result.peer.publicKey!, hasPrivateKey: true, affectedPeerIds: result.peerIds };
  }

  private async compilePeer(peerId: string): Promise<CompiledPeer> {
    const compiled = await this.compiled.peer(peerId);
    if (!compiled) throw peerNotFound(peerId);
    return compiled;
  }

  /** The plaintext key after the policy said yes; undefined when the device keeps its own. */
  private async disclose(peer: PeerEntity, purpose: DisclosureRequest['purpose'], actor: DisclosureActor): Promise<string | undefined> {
    if (peer.privateKeyEncrypted === null || isMikrotik(peer)) return undefined;
    await this.disclosure.authorize({ actor, purpose, wanId: peer.wanId, peerIds: [peer.id] });
    return this.keys.open(peer);
  }
}

export const peerNotFound = (id: string) => new AppError('PEER.NOT_FOUND', `No peer has the id ${id}.`);
