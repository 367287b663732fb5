import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { NatsConnection } from '@nats-io/transport-node';
import { IsNull, Not } from 'typeorm';
import { AppError } from '../common/errors/app-error';
import { Database } from '../database/database';
import { AgentEntity } from '../database/entities';
import { NatsClient } from '../nats/nats-client';

/** How long the server may take to confirm an account update. */
const UPDATE_TIMEOUT_MS = 5_000;
/** Retries of a failed update wait this long, doubling up to the maximum. */
const RETRY_FIRST_MS = 1_000;
const RETRY_MAX_MS = 15_000;

/**
 * The single writer of the product account's JWT. It always rebuilds the complete JWT from
 * the database (every revoked agent's key) and gives it an issue time newer than any it
 * pushed before: the server keeps the newest JWT it has seen, so pushing a partial or older
 * one would silently bring revoked agents back.
 */
@Injectable()
export class AccountPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('NatsAccount');
  private lastIssuedAt = 0;
  private pushing: Promise<void> = Promise.resolve();
  private retry: { timer: NodeJS.Timeout; delayMs: number; failures: number } | null = null;

  constructor(
    @Inject(Database) private readonly database: Database,
    @Inject(NatsClient) private readonly nats: NatsClient,
  ) {}

  onApplicationBootstrap(): void {
    // Every (re)connect pushes the current list: a restarted server may hold an older JWT.
    this.nats.onConnected('account update', async () => void this.pushUntilConfirmed());
  }

  onApplicationShutdown(): void {
    if (this.retry) clearTimeout(this.retry.timer);
    this.retry = null;
  }

  /**
   * Pushes now, and when that fails keeps pushing with a growing pause until the server
   * confirms: a revocation made while NATS was away reaches it as soon as it is back. Right
   * after an outage the update can time out because the system account's own connection is
   * still reconnecting; the next attempt goes through.
   */
  async pushUntilConfirmed(): Promise<boolean> {
    try {
      await this.push();
      if (this.retry) {
        clearTimeout(this.retry.timer);
        this.logger.log(`account update confirmed by NATS after ${this.retry.failures} failed attempt(s)`);
        this.retry = null;
      }
      return true;
    } catch (error) {
      if (this.retry) clearTimeout(this.retry.timer);
      const failures = (this.retry?.failures ?? 0) + 1;
      const delayMs = Math.min(RETRY_MAX_MS, (this.retry?.delayMs ?? RETRY_FIRST_MS / 2) * 2);
      if (failures === 1) this.logger.warn(`NATS has not confirmed the account update (revocations) yet: ${(error as Error).message}. Retrying until it does.`);
      const timer = setTimeout(() => void this.pushUntilConfirmed(), delayMs);
      timer.unref();
      this.retry = { timer, delayMs, failures };
      return false;
    }
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
