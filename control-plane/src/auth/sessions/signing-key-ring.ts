import { createHash, createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { LessThan, type EntityManager } from 'typeorm';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { Database } from '../../database/database';
import { SigningKeyEntity } from '../../database/entities';
import { SecretBox } from '../../secrets';

/** How often a replica re-reads the keys, so it signs with a key another replica rotated in. */
export const KEY_RELOAD_INTERVAL_MS = 60_000;
/** An unknown `kid` makes this replica re-read the keys, but never more often than this. */
const UNKNOWN_KID_RELOAD_MS = 1_000;

export interface SigningKey {
  readonly kid: string;
  /**
   * A KeyObject, not a Buffer: jsonwebtoken first tries a Buffer as a PEM public key and
   * catches the failure, which costs ~1.5 ms per check instead of ~0.03 ms.
   */
  readonly secret: KeyObject;
}

interface HeldKey extends SigningKey {
  readonly createdAt: Date;
  readonly retiredAt: Date | null;
}

const sealingContext = (kid: string): string => `signing_key:${kid}:secret`;

/**
 * The HS256 keys that sign access tokens, kept in the database sealed with the master key so
 * every replica shares them. The newest key signs; a key replaced by a rotation still verifies
 * for one access-token lifetime (plus a reload interval), so a rotation logs nobody out.
 *
 * Single-user mode issues no tokens: the ring stays empty and touches nothing.
 */
@Injectable()
export class SigningKeyRing implements OnModuleInit {
  private keys = new Map<string, HeldKey>();
  private loadedAt = 0;
  private loading: Promise<void> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(Database) private readonly database: Database,
    @Inject(SecretBox) private readonly box: SecretBox,
  ) {}

  async onModuleInit(): Promise<void> {
    if (this.config.authMode !== 'multi-user') return;
    await this.reload();
    if (this.newest() === null) {
      await this.insertFirst();
      await this.reload();
    }
  }

  /** The key new tokens are signed with: the newest this replica knows. */
  async signingKey(now = Date.now()): Promise<SigningKey> {
    if (now - this.loadedAt > KEY_RELOAD_INTERVAL_MS) await this.reload();
    const newest = this.newest();
    if (newest === null) throw new Error('No signing key is loaded: tokens are issued only in multi-user mode.');
    return newest;
  }

  /** The secret for a token's `kid`, or null when no live key has that id. */
  async verificationKey(kid: string, now = Date.now()): Promise<KeyObject | null> {
    let key = this.keys.get(kid);
    if (key === undefined && now - this.loadedAt > UNKNOWN_KID_RELOAD_MS) {
      await this.reload();
      key = this.keys.get(kid);
    }
    return key !== undefined && this.stillVerifies(key, now) ? key.secret : null;
  }

  /** Makes a new key the signer and retires the others; keys retired long enough ago are deleted. */
  async rotate(now = new Date()): Promise<{ kid: string; previousKid: string | null }> {
    const kid = randomBytes(12).toString('hex');
    const previousKid = this.newest()?.kid ?? null;
    await this.database.transaction(async (tx) => {
      await tx.createQueryBuilder().update(SigningKeyEntity).set({ retiredAt: now }).where('retired_at IS NULL').execute();
      await tx.delete(SigningKeyEntity, { retiredAt: LessThan(new Date(now.getTime() - this.retentionMs())) });
      await this.insert(tx, kid, randomBytes(32));
    });
    await this.reload();
    return { kid, previousKid };
  }

  private newest(): HeldKey | null {
    let newest: HeldKey | null = null;
    for (const key of this.keys.values()) {
      if (key.retiredAt === null && (newest === null || key.createdAt > newest.createdAt)) newest = key;
    }
    return newest;
  }

  private retentionMs(): number {
    return this.config.jwtTtlSeconds * 1000 + KEY_RELOAD_INTERVAL_MS;
  }

  private stillVerifies(key: HeldKey, now: number): boolean {
    return key.retiredAt === null || now - key.retiredAt.getTime() <= this.retentionMs();
  }

  /** One read at a time: concurrent callers share it. */
  private reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const rows = await this.database.manager.find(SigningKeyEntity);
        this.keys = new Map(rows.map((row) => [row.id, { kid: row.id, secret: createSecretKey(this.box.decryptBytes(row.secretEncrypted, sealingContext(row.id))), createdAt: row.createdAt, retiredAt: row.retiredAt }]));
        this.loadedAt = Date.now();
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /**
   * The first key. With JWT_SECRET set it is that secret under an id derived from it, so
   * replicas starting together insert the same row once; otherwise 32 random bytes (two
   * replicas racing then both insert one, which is harmless: both verify, the newer signs).
   */
  private async insertFirst(): Promise<void> {
    const secret = this.config.jwtSecret;
    if (secret === null) return this.insert(this.database.manager, randomBytes(12).toString('hex'), randomBytes(32));
    const kid = `env-${createHash('sha256').update(secret).digest('hex').slice(0, 16)}`;
    await this.insert(this.database.manager, kid, Buffer.from(secret, 'utf8'));
  }

  private async insert(manager: EntityManager, kid: string, secret: Buffer): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(SigningKeyEntity)
      .values({ id: kid, secretEncrypted: this.box.encrypt(secret, sealingContext(kid)), retiredAt: null })
      .orIgnore()
      .execute();
  }
}
