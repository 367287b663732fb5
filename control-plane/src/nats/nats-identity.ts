import { randomBytes } from 'node:crypto';
import { chmod, link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AGENT_REQUEST_SUBJECTS } from '@wom/contracts';
import type { NatsConfig } from './nats-config';
import { productAccountJwt, operatorJwt, systemAccountJwt, userJwt, type Permission } from './nats-jwt';
import { Nkey, type NkeyRole } from './nkey';

/** The keys that make up the product's NATS trust chain. */
export interface NatsKeys {
  readonly operator: Nkey;
  /** The account every agent and the control plane live in. */
  readonly account: Nkey;
  /** Signs user JWTs; the account's own key only signs nothing day to day. */
  readonly accountSigning: Nkey;
  readonly systemAccount: Nkey;
}

const KEY_FILES: Record<keyof NatsKeys, { file: string; role: NkeyRole }> = {
  operator: { file: 'operator.nk', role: 'operator' },
  account: { file: 'account.nk', role: 'account' },
  accountSigning: { file: 'account-signing.nk', role: 'account' },
  systemAccount: { file: 'system-account.nk', role: 'account' },
};

export const natsDir = (dataDir: string): string => join(dataDir, 'nats');

/**
 * Reads the operator and account keys: from the environment where given, else from 0600
 * files under DATA_DIR/nats/keys, generating each missing one once. Losing these files
 * means re-enrolling every agent, so they belong in the backup with the master key.
 */
export async function loadNatsKeys(dataDir: string, seeds: NatsConfig['seeds']): Promise<NatsKeys> {
  const dir = join(natsDir(dataDir), 'keys');
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const keys: Partial<Record<keyof NatsKeys, Nkey>> = {};
  for (const [name, { file, role }] of Object.entries(KEY_FILES) as [keyof NatsKeys, (typeof KEY_FILES)[keyof NatsKeys]][]) {
    const fromEnv = seeds[name];
    if (fromEnv) {
      keys[name] = Nkey.fromSeed(fromEnv, role);
      continue;
    }
    const path = join(dir, file);
    const stored = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (stored !== null) {
      keys[name] = Nkey.fromSeed(stored, role);
      continue;
    }
    const created = Nkey.generate(role);
    // Written aside and linked into place: link() fails when the name exists, so two starting
    // processes never overwrite each other's key and never read a half-written one.
    const scratch = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
    await writeFile(scratch, `${created.seed()}\n`, { mode: 0o600 });
    await chmod(scratch, 0o600);
    try {
      await link(scratch, path);
      keys[name] = created;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      keys[name] = Nkey.fromSeed(await readFile(path, 'utf8'), role);
    } finally {
      await unlink(scratch);
    }
  }
  return keys as NatsKeys;
}

export interface UserCredentials {
  readonly jwt: string;
  readonly seed: string;
  readonly publicKey: string;
}

/**
 * JWTs derived from the keys. The product account JWT is built only by {@link AccountClaims}
 * owners (see AccountPublisher), which always include every revocation.
 */
export class NatsTrust {
  constructor(readonly keys: NatsKeys) {}

  operatorJwt(): string {
    return operatorJwt(this.keys.operator, this.keys.systemAccount.publicKey);
  }

  systemAccountJwt(): string {
    return systemAccountJwt(this.keys.operator, this.keys.systemAccount.publicKey);
  }

  accountJwt(revocations: Readonly<Record<string, number>>, issuedAt: number): string {
    return productAccountJwt(this.keys.operator, {
      account: this.keys.account.publicKey,
      signingKeys: [this.keys.accountSigning.publicKey],
      revocations,
      issuedAt,
    });
  }

  /** A user of the product account holding `user`'s public key, signed by the signing key. */
  userJwt(name: string, userPublicKey: string, permissions: { publish?: Permission; subscribe?: Permission } = {}): string {
    return userJwt(this.keys.accountSigning, { name, user: userPublicKey, account: this.keys.account.publicKey, ...permissions });
  }

  /** Fresh credentials for the control plane itself: the whole product account. */
  controlPlaneUser(): UserCredentials {
    const user = Nkey.generate('user');
    return { jwt: this.userJwt('wom-control-plane', user.publicKey), seed: user.seed(), publicKey: user.publicKey };
  }

  /**
   * Fresh credentials for the control plane's answers to agents' requests. It may publish only
   * into inboxes: an agent that names another agent's subject (or any product subject) as the
   * reply of its request cannot make the control plane publish there; the server refuses.
   * Which inbox is checked in code too (the asking agent's own, see `isOwnReply`).
   */
  responderUser(): UserCredentials {
    const user = Nkey.generate('user');
    const jwt = this.userJwt('wom-control-plane-responder', user.publicKey, {
      publish: { allow: ['_INBOX.>'] },
      subscribe: { allow: [...AGENT_REQUEST_SUBJECTS] },
    });
    return { jwt, seed: user.seed(), publicKey: user.publicKey };
  }

  /** Fresh credentials in the system account, for pushing account JWTs. */
  systemUser(): UserCredentials {
    const user = Nkey.generate('user');
    return { jwt: userJwt(this.keys.systemAccount, { name: 'wom-system', user: user.publicKey, account: this.keys.systemAccount.publicKey }), seed: user.seed(), publicKey: user.publicKey };
  }
}
