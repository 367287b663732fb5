import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { IsNull, Not } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { AgentEntity } from '../database/entities';
import { NatsClient } from '../nats/nats-client';

/** How long the server may take to confirm an account update. */
const UPDATE_TIMEOUT_MS = 5_000;

/**
 * The single writer of the product account's JWT. It always rebuilds the complete JWT from
 * the database (every revoked agent's key) and gives it an issue time newer than any it
 * pushed before: the server keeps the newest JWT it has seen, so pushing a partial or older
 * one would silently bring revoked agents back.
 */
@Injectable()
export class AccountPublisher implements OnApplicationBootstrap {
  private readonly logger = new Logger('NatsAccount');
  private lastIssuedAt = 0;
  private pushing: Promise<void> = Promise.resolve();

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(NatsClient) private readonly nats: NatsClient,
  ) {}

  onApplicationBootstrap(): void {
    // Every (re)connect pushes the current list: a restarted server may hold an older JWT.
    this.nats.onConnected('account update', () => this.push());
  }

  /** User public key → unix seconds of its revocation, for every revoked agent. */
  async revocations(): Promise<Record<string, number>> {
    const revoked = await this.database.manager.find(AgentEntity, { where: { revokedAt: Not(IsNull()) }, select: { natsPublicKey: true, revokedAt: true } });
    // Rounded up: a JWT issued in the same second as the revocation is revoked too.
    return Object.fromEntries(revoked.map((agent) => [agent.natsPublicKey, Math.ceil(agent.revokedAt!.getTime() / 1000)]));
  }

  /** Builds and pushes the account JWT; pushes are serialized so a slower one never lands last. */
  push(): Promise<void> {
    const next = this.pushing.catch(() => undefined).then(() => this.pushNow());
    this.pushing = next;
    return next;
  }

  private async pushNow(): Promise<void> {
    if (!this.nats.enabled) return;
    const revocations = await this.revocations();
    const issuedAt = Math.max(Math.floor(Date.now() / 1000), this.lastIssuedAt + 1);
    this.lastIssuedAt = issuedAt;
    const jwt = this.nats.trust.accountJwt(revocations, issuedAt);
    let system: NatsConnection;
    try {
      system = await this.nats.system();
    } catch (error) {
      throw new AppError('NATS.UNAVAILABLE', `NATS is not reachable, so the account could not be updated: ${(error as Error).message}`);
    }
    const account = this.nats.trust.keys.account.publicKey;
    const reply = await system.request(`$SYS.REQ.ACCOUNT.${account}.CLAIMS.UPDATE`, jwt, { timeout: UPDATE_TIMEOUT_MS });
    const answer = reply.json<{ data?: { code?: number }; error?: { code?: number; description?: string } }>();
    if (answer.error) throw new AppError('NATS.UNAVAILABLE', `NATS refused the account update: ${answer.error.description ?? 'unknown error'}`);
    this.logger.log(`account JWT pushed with ${Object.keys(revocations).length} revocation(s)`);
  }
}
