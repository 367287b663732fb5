import { Injectable, Logger } from '@nestjs/common';
import { AppError } from '../common/errors/app-error';

/** Who asks; the auth module's Principal fits. Undefined when no auth guard ran. */
export type DisclosureActor = { readonly kind?: string; readonly name: string; readonly role: string } | undefined;

export interface DisclosureRequest {
  readonly actor: DisclosureActor;
  /** The download that would carry the key(s). */
  readonly purpose: 'config' | 'qr' | 'wan-export';
  readonly wanId: string;
  /** Peers whose private keys would leave the server. */
  readonly peerIds: readonly string[];
}

/**
 * The one decision point for handing out a stored private key (spec §10.1: the only
 * exception to "secrets never leave", and it is privileged and audited). Every endpoint that
 * would include a key calls {@link authorize} first; to deny, it throws an AppError.
 *
 * Only admins may take a key (in single-user mode the local operator is one). Every decision
 * is written as an audit-style line naming who, what and which peers, never the key.
 */
@Injectable()
export class PrivateKeyDisclosurePolicy {
  private readonly logger = new Logger('PrivateKeyDisclosure');

  authorize(request: DisclosureRequest): void {
    const allowed = request.actor?.role === 'admin';
    this.logger.log(
      `private key disclosure ${allowed ? 'allowed' : 'refused'}: purpose=${request.purpose} wan=${request.wanId} peers=${request.peerIds.join(',')} ` +
        `actor=${request.actor ? `${request.actor.kind ?? 'user'}:${request.actor.name}(${request.actor.role})` : 'unauthenticated'}`,
    );
    if (!allowed) {
      throw new AppError('AUTH.FORBIDDEN', 'Only an admin may download a private key; ask an admin, or download the configuration without it.');
    }
  }
}
