import { Inject, Injectable } from '@nestjs/common';
import { prepareCompilation, type CompileIssue } from '@wom/domain';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { EventBus } from '../events/event-bus';
import { buildExportZip, exportReadme, uniqueSafeFileNames, type ExportFile, type ExportReadmeEntry } from '../exports';
import { HistoryRepository, type NewVersion } from '../history/history.repository';
import { PeerKeyVault } from '../secrets/secrets.module';
import { redactSecrets } from '../secrets';
import { TopologySnapshotRepository } from '../topology/topology-snapshot.repository';
import { WanRepository } from '../wan/wan.repository';
import type { RegenerateAllResponse } from './configs.dto';
import { keyOrNote } from './private-key-note.logic';
import type { Download } from './download';
import { artifactDigest, keyIsOurs, needsManualApplication, peerArtifacts } from './peer-artifacts';
import { PrivateKeyDisclosurePolicy, type DisclosureActor } from './private-key-disclosure.policy';

/** Whole-WAN generation: regenerate-all into the configuration history (spec §9.4) and the ZIP export (spec §7.6). */
@Injectable()
export class RegenerationService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(TopologySnapshotRepository) private readonly topology: TopologySnapshotRepository,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(HistoryRepository) private readonly history: HistoryRepository,
    @Inject(PeerKeyVault) private readonly keys: PeerKeyVault,
    @Inject(PrivateKeyDisclosurePolicy) private readonly disclosure: PrivateKeyDisclosurePolicy,
    @Inject(EventBus) private readonly events: EventBus,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  /**
   * Compiles every peer and stores a new history version of each file whose digest changed
   * since its last version; unchanged peers get nothing, so a second call reports all
   * unchanged. Stored text has the private key redacted. Runs under the WAN's row lock.
   */
  async regenerateAll(wanId: string): Promise<RegenerateAllResponse> {
    const summary = await this.database.transaction(async (tx) => {
      if (!(await this.wans.lockById(tx, wanId))) throw wanNotFound(wanId);
      const gathered = (await this.topology.gather(wanId, tx))!;
      const compilation = prepareCompilation(gathered.snapshot);
      const latest = new Map((await this.history.latestByType(tx, gathered.peers.map((p) => p.id))).map((row) => [`${row.peerId}/${row.configType}`, row.digest]));
      const versions: NewVersion[] = [];
      const changed: { peerId: string; peerName: string; manual: boolean }[] = [];
      const issues = new Map<string, CompileIssue>();
      let unchanged = 0;
      for (const peer of gathered.peers) {
        const { state, issues: peerIssues } = compilation.peer(peer.id);
        for (const issue of peerIssues) issues.set(`${issue.code}/${issue.peerId}/${issue.message}`, issue);
        if (!state) continue;
        const privateKey = this.keys.open(peer);
        const mine: NewVersion[] = [];
        for (const artifact of peerArtifacts(state, peer, privateKey ? { privateKey } : {})) {
          const text = redactSecrets(artifact.content);
          // Belt and braces: a renderer change must never put a key into the history table.
          if (privateKey !== undefined && text.includes(privateKey)) throw new Error(`history text of peer ${peer.id} still holds its private key`);
          const digest = artifactDigest(text, artifact.holdsPrivateKey ? peer.privateKeyEncrypted : null);
          if (latest.get(`${peer.id}/${artifact.configType}`) !== digest) mine.push({ peerId: peer.id, configType: artifact.configType, configurationText: text, digest });
        }
        if (mine.length === 0) unchanged++;
        else {
          versions.push(...mine);
          changed.push({ peerId: peer.id, peerName: peer.name, manual: needsManualApplication(peer) });
        }
      }
      await this.history.append(tx, versions);
      await this.audit.record(tx, { action: 'wan.regenerate-configs', entityType: 'wan', entityId: wanId, wanId, after: { changedPeerIds: changed.map((c) => c.peerId), unchanged } });
      return { changed, unchanged, issues: [...issues.values()] };
    });
    if (summary.changed.length > 0) this.events.publish('config.changed', { wanId, peerIds: summary.changed.map((c) => c.peerId), reason: 'configs.regenerated' });
    return {
      generated: summary.changed.length,
      unchanged: summary.unchanged,
      pendingManualApplication: summary.changed.filter((c) => c.manual).map(({ peerId, peerName }) => ({ peerId, peerName })),
      queuedDeployments: [],
      issues: summary.issues.map(({ code, peerId, message }) => ({ code, peerId, message })),
    };
  }

  /** Every peer's files in one ZIP, one folder per peer, README mapping peers to files. */
  async wanExport(wanId: string, includePrivateKeys: boolean, actor: DisclosureActor, now = new Date()): Promise<Download> {
    const gathered = await this.topology.gather(wanId);
    if (!gathered) throw wanNotFound(wanId);
    const keyed = includePrivateKeys ? gathered.peers.filter((p) => p.privateKeyEncrypted !== null && keyIsOurs(p)) : [];
    if (keyed.length > 0) await this.disclosure.authorize({ actor, purpose: 'wan-export', wanId, peerIds: keyed.map((p) => p.id) });
    const withKey = new Set(keyed.map((p) => p.id));
    const compilation = prepareCompilation(gathered.snapshot);
    const folders = uniqueSafeFileNames(gathered.peers.map((p) => p.name));
    const files: ExportFile[] = [];
    const entries: ExportReadmeEntry[] = [];
    gathered.peers.forEach((peer, index) => {
      const { state } = compilation.peer(peer.id);
      if (!state) return;
      const privateKey = withKey.has(peer.id) ? this.keys.open(peer) : undefined;
      const mine = peerArtifacts(state, peer, { ...keyOrNote(peer, privateKey, actor), generatedAt: now.toISOString() }).map((a) => ({
        path: `${folders[index]}/${a.fileName}`,
        content: a.content,
        mode: a.holdsPrivateKey ? 0o600 : 0o644,
      }));
      files.push(...mine);
      entries.push({ peerName: peer.name, peerType: peer.type, tunnelIp: peer.tunnelIp, files: mine.map((f) => f.path) });
    });
    const zip = await buildExportZip(files, exportReadme(gathered.wan.name, entries, { generatedAt: now.toISOString() }));
    return { contentType: 'application/zip', fileName: `${gathered.wan.name}-configs.zip`, body: zip };
  }
}

const wanNotFound = (id: string) => new AppError('WAN.NOT_FOUND', `No WAN has the id ${id}. List WANs with GET /api/wan.`);
