import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import { Database } from '../database/database';
import { PeerEntity, type ConfigurationHistoryEntity } from '../database/entities';
import { toHistoryVersionResponse, type HistoryDiffResponse, type HistoryVersionResponse } from './history.dto';
import { HistoryRepository } from './history.repository';
import { formatLineDiff, lineDiff } from './line-diff';

/** What the audit trail keeps of a version: the configuration text itself is already in the history. */
const auditView = (row: ConfigurationHistoryEntity) => ({ peerId: row.peerId, version: row.version, configType: row.configType, appliedAt: row.appliedAt?.toISOString() ?? null });

/** Configuration history of a peer (spec §6.1.6): list, read, diff and mark applied. */
@Injectable()
export class HistoryService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(HistoryRepository) private readonly history: HistoryRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(peerId: string, limit: number, offset: number): Promise<Page<HistoryVersionResponse>> {
    await this.requirePeer(peerId);
    const [rows, total] = await this.history.list(peerId, limit, offset);
    return { items: rows.map(toHistoryVersionResponse), total, limit, offset };
  }

  async get(peerId: string, versionId: string): Promise<HistoryVersionResponse> {
    return toHistoryVersionResponse(await this.requireVersion(peerId, versionId));
  }

  /** Marks the version, and the files generated with it, applied; repeating it changes nothing. */
  markApplied(peerId: string, versionId: string, now: Date = new Date()): Promise<HistoryVersionResponse> {
    return this.database.transaction(async (tx) => {
      const version = await this.requireVersion(peerId, versionId, 'versionId', tx);
      const before = auditView(version);
      await this.history.markApplied(tx, version, now);
      const marked = (await this.history.find(peerId, versionId, tx))!;
      await this.audit.record(tx, { action: 'history.mark-applied', entityType: 'history-version', entityId: versionId, before, after: auditView(marked) });
      return toHistoryVersionResponse(marked);
    });
  }

  async diff(peerId: string, fromId: string, toId: string): Promise<HistoryDiffResponse> {
    const [from, to] = [await this.requireVersion(peerId, fromId, 'from'), await this.requireVersion(peerId, toId, 'to')];
    const diff = lineDiff(from.configurationText, to.configurationText);
    return { from: from.id, to: to.id, added: diff.added, removed: diff.removed, lines: [...diff.lines], unified: formatLineDiff(diff) };
  }

  private async requirePeer(peerId: string, manager: EntityManager = this.database.manager): Promise<void> {
    if (!(await manager.existsBy(PeerEntity, { id: peerId }))) throw new AppError('PEER.NOT_FOUND', `No peer has the id ${peerId}.`);
  }

  /** Reads through `manager`, which inside a transaction must be the transaction's own (see markApplied). */
  private async requireVersion(peerId: string, versionId: string, field = 'versionId', manager: EntityManager = this.database.manager) {
    const version = await this.history.find(peerId, versionId, manager);
    if (version) return version;
    await this.requirePeer(peerId, manager);
    const reason = `Peer ${peerId} has no configuration version ${versionId}. List them with GET /api/peers/${peerId}/history.`;
    throw new AppError('HISTORY.NOT_FOUND', reason, { fields: [{ field, reason }] });
  }
}
