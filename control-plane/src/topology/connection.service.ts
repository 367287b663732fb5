import { Inject, Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { PeerConnectionEntity, PeerEntity } from '../database/entities';
import { WanRepository } from '../wan/wan.repository';
import { recordStateChange } from '../state-changes/state-change.repository';
import { toConnectionResponse, type ConnectionResponse, type CreateConnectionDto } from './topology.dto';

/**
 * Explicit peer connections (spec §6.1.5): the direct links of a hybrid topology. A pair is
 * stored once, smaller id as peer A, so the unique key covers both orders.
 */
@Injectable()
export class ConnectionService {
  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(WanRepository) private readonly wans: WanRepository,
    @Inject(AuditService) private readonly audit: AuditService,
  ) {}

  async list(wanId: string): Promise<ConnectionResponse[]> {
    if (!(await this.wans.findById(wanId))) throw wanNotFound(wanId);
    const rows = await this.database.manager
      .createQueryBuilder(PeerConnectionEntity, 'connection')
      .innerJoin(PeerEntity, 'peer', 'peer.id = connection.peer_a_id')
      .where('peer.wan_id = :wanId', { wanId })
      .orderBy('connection.id')
      .getMany();
    return rows.map(toConnectionResponse);
  }

  create(wanId: string, dto: CreateConnectionDto): Promise<ConnectionResponse> {
    const [peerAId, peerBId] = [dto.peerAId.toLowerCase(), dto.peerBId.toLowerCase()].sort() as [string, string];
    if (peerAId === peerBId) {
      const reason = 'peerBId must differ from peerAId: a peer is not connected to itself.';
      throw new AppError('VALIDATION.FAILED', reason, { fields: [{ field: 'peerBId', reason }] });
    }
    return this.database.transaction(async (tx) => {
      if (!(await this.wans.lockById(tx, wanId))) throw wanNotFound(wanId);
      const found = await tx.find(PeerEntity, { where: [{ id: peerAId, wanId }, { id: peerBId, wanId }], select: { id: true } });
      for (const [field, id] of [['peerAId', dto.peerAId], ['peerBId', dto.peerBId]] as const) {
        if (!found.some((p) => p.id === id.toLowerCase())) {
          throw new AppError('PEER.NOT_FOUND', `No peer with the id ${id} is in this WAN.`, { fields: [{ field, reason: 'No such peer in this WAN.' }] });
        }
      }
      if (await tx.existsBy(PeerConnectionEntity, { peerAId, peerBId })) {
        const reason = 'These two peers are already connected.';
        throw new AppError('CONNECTION.EXISTS', reason, { fields: [{ field: 'peerBId', reason }] });
      }
      const saved = await tx.save(tx.create(PeerConnectionEntity, { peerAId, peerBId, isActive: true }));
      await recordStateChange(tx, { wanId, peerIds: [peerAId, peerBId], reason: 'connection.created' });
      const after = toConnectionResponse(saved);
      await this.audit.record(tx, { action: 'connection.create', entityType: 'connection', entityId: saved.id, wanId, after });
      return after;
    });
  }

  delete(id: string): Promise<void> {
    return this.database.transaction(async (tx) => {
      const connection = await tx.findOneBy(PeerConnectionEntity, { id });
      const peer = connection && (await tx.findOneBy(PeerEntity, { id: connection.peerAId }));
      if (!connection || !peer) throw new AppError('CONNECTION.NOT_FOUND', `No peer connection has the id ${id}.`);
      await this.wans.lockById(tx, peer.wanId);
      await tx.delete(PeerConnectionEntity, { id });
      await recordStateChange(tx, { wanId: peer.wanId, peerIds: [connection.peerAId, connection.peerBId], reason: 'connection.deleted' });
      await this.audit.record(tx, { action: 'connection.delete', entityType: 'connection', entityId: id, wanId: peer.wanId, before: toConnectionResponse(connection) });
    });
  }
}

const wanNotFound = (id: string) => new AppError('WAN.NOT_FOUND', `No WAN has the id ${id}. List WANs with GET /api/wan.`);
