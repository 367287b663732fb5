import { Global, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { generateKeyPair } from '@wom/domain';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { PeerEntity } from '../database/entities';
import { loadMasterKey } from './master-key.loader';
import { SecretBox } from './secret-box';

/** Associated data binding a private key's ciphertext to its row and column. */
export const privateKeyAad = (peerId: string): string => `peer:${peerId}:private_key`;
/** The same binding for a MikroTik peer's router password. */
const routerPasswordAad = (peerId: string): string => `peer:${peerId}:mikrotik_password`;

/**
 * Seals and opens WireGuard private keys of config-file peers, and seals router passwords.
 * Only the ciphertext is kept on the entity; plaintext lives in memory for the one request
 * that needs it.
 */
@Injectable()
export class PeerKeyVault {
  constructor(@Inject(SecretBox) private readonly box: SecretBox) {}

  /** A fresh pair: the public key in the clear, the private key sealed for `peerId`'s row. */
  newKeyPair(peerId: string): { publicKey: string; privateKeyEncrypted: string } {
    const pair = generateKeyPair();
    return { publicKey: pair.publicKey, privateKeyEncrypted: this.box.encrypt(pair.privateKey, privateKeyAad(peerId)) };
  }

  /** A router password sealed for `peerId`'s row; `null` stays null (no password stored). */
  sealRouterPassword(peerId: string, password: string | null): string | null {
    return password === null ? null : this.box.encrypt(password, routerPasswordAad(peerId));
  }

  /** The router password in plaintext, for the one client that signs in with it; '' when none is stored. */
  openRouterPassword(peer: Pick<PeerEntity, 'id' | 'mikrotikPassword'>): string {
    return peer.mikrotikPassword === null ? '' : this.box.decrypt(peer.mikrotikPassword, routerPasswordAad(peer.id));
  }

  /** The plaintext private key, or undefined when the device keeps its own. */
  open(peer: Pick<PeerEntity, 'id' | 'privateKeyEncrypted'>): string | undefined {
    return peer.privateKeyEncrypted === null ? undefined : this.box.decrypt(peer.privateKeyEncrypted, privateKeyAad(peer.id));
  }
}

async function openSecretBox(config: AppConfig): Promise<SecretBox> {
  const loaded = await loadMasterKey({ environmentValue: config.masterKey, dataDir: config.dataDir });
  const logger = new Logger('Secrets');
  if (loaded.created) logger.warn(`Generated a new master key at ${loaded.path}. Back it up: without it, stored private keys and router passwords are lost.`);
  else logger.log(`Master key loaded from ${loaded.source === 'environment' ? 'WOM_MASTER_KEY' : loaded.path}`);
  return SecretBox.fromKey(loaded.key);
}

/** The master key is loaded once at boot; a bad key stops the start with SECRETS.* errors. */
@Global()
@Module({
  providers: [{ provide: SecretBox, inject: [APP_CONFIG], useFactory: openSecretBox }, PeerKeyVault],
  exports: [SecretBox, PeerKeyVault],
})
export class SecretsModule {}
