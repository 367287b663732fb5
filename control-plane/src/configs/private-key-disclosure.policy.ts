import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { AppError } from '../common/errors/app-error';

/** Who asks; the auth module's Principal fits. Undefined when no auth guard ran. */
export type DisclosureActor = { readonly kind?: string; readonly name: string; readonly role: string } | undefined;

export interface DisclosureRequest {
  readonly actor: DisclosureActor;
  /** The download that would carry the key(s). */
  readonly purpose: 'config' | 'qr' | 'peer-export' | 'wan-export';
  readonly wanId: string;
  /** Peers whose private keys would leave the server. */
  readonly peerIds: readonly string[];
}

/** Audit actions of the decision; the entry names who, what and which peers, never a key. */
export const DISCLOSURE_ALLOWED = 'peer.private-key.disclosed';
export const DISCLOSURE_REFUSED = 'peer.private-key.refused';

/**
 * The one decision point for handing out a stored private key (spec §10.1: the only
 * exception to "secrets never leave", and it is privileged and audited). Every endpoint that
 * would include a key calls {@link authorize} first; to deny, it throws an AppError.
 *
 * Only admins may take a key (in single-user mode the local operator is one). Every decision,
 * yes or no, is written to the audit log before the answer goes out: when that write fails,
 * no key leaves.
 */
@Injectable()
export class PrivateKeyDisclosurePolicy {
  private readonly logger = new Logger('PrivateKeyDisclosure');

  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  async authorize(request: DisclosureRequest): Promise<void> {
    const allowed = request.actor?.role === 'admin';
    this.logger.log(
      `private key disclosure ${allowed ? 'allowed' : 'refused'}: purpose=${request.purpose} wan=${request.wanId} peers=${request.peerIds.join(',')} ` +
        `actor=${request.actor ? `${request.actor.kind ?? 'user'}:${request.actor.name}(${request.actor.role})` : 'unauthenticated'}`,
    );
    await this.audit.record(null, {
      action: allowed ? DISCLOSURE_ALLOWED : DISCLOSURE_REFUSED,
      ...(request.purpose === 'wan-export' ? { entityType: 'wan', entityId: request.wanId } : { entityType: 'peer', entityId: request.peerIds[0] ?? null }),
      wanId: request.wanId,
      after: { purpose: request.purpose, peerIds: request.peerIds, role: request.actor?.role ?? null },
    });
    if (!allowed) {
      throw new AppError('AUTH.FORBIDDEN', 'Only an admin may download a private key; ask an admin, or download the configuration without it.');
    }
  }
}
