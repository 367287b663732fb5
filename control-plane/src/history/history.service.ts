import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';
import type { Page } from '../common/http/pagination.dto';
import { Database } from '../database/database';
import { PeerEntity } from '../database/entities';
import { toHistoryVersionResponse, type HistoryDiffResponse, type HistoryVersionResponse } from './history.dto';
import { HistoryRepository } from './history.repository';
import { formatLineDiff, lineDiff } from './line-diff';

/** Configuration history of a peer (spec §6.1.6): list, read, diff and mark applied. */
@Injectable()
export class HistoryService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(HistoryRepository) private readonly history: HistoryRepository,
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
      const version = await this.requireVersion(peerId, versionId);
      await this.history.markApplied(tx, version, now);
      return toHistoryVersionResponse((await this.history.find(peerId, versionId, tx))!);
    });
  }

  async diff(peerId: string, fromId: string, toId: string): Promise<HistoryDiffResponse> {
    const [from, to] = [await this.requireVersion(peerId, fromId, 'from'), await this.requireVersion(peerId, toId, 'to')];
    const diff = lineDiff(from.configurationText, to.configurationText);
    return { from: from.id, to: to.id, added: diff.added, removed: diff.removed, lines: [...diff.lines], unified: formatLineDiff(diff) };
  }

  private async requirePeer(peerId: string): Promise<void> {
    if (!(await this.database.manager.existsBy(PeerEntity, { id: peerId }))) throw new AppError('PEER.NOT_FOUND', `No peer has the id ${peerId}.`);
  }

  private async requireVersion(peerId: string, versionId: string, field = 'versionId') {
    const version = await this.history.find(peerId, versionId);
    if (version) return version;
    await this.requirePeer(peerId);
    const reason = `Peer ${peerId} has no configuration version ${versionId}. List them with GET /api/peers/${peerId}/history.`;
    throw new AppError('HISTORY.NOT_FOUND', reason, { fields: [{ field, reason }] });
  }
}
