import { randomBytes as cryptoRandomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { DomainError } from '@wom/domain';
import { MASTER_KEY_BYTES, type RandomBytes } from './secret-box';

export const MASTER_KEY_FILE_NAME = 'master.key';
const HEX_KEY = /^[0-9a-fA-F]{64}$/;
const BASE64_KEY = /^[A-Za-z0-9+/_-]{43}=?$/;

export interface LoadedMasterKey {
  readonly key: Buffer;
  /** Where it came from, for the start-up log line (never the key itself). */
  readonly source: 'environment' | 'key-file';
  /** The key file, when one was used. */
  readonly path?: string;
  /** True when this start generated the key file: the operator must back it up. */
  readonly created: boolean;
}

export interface LoadMasterKeyOptions {
  /** The value of WOM_MASTER_KEY, read by the config module; empty or undefined means "use the key file". */
  readonly environmentValue?: string | undefined;
  /** The data directory; the key file is `<dataDir>/master.key`. */
  readonly dataDir: string;
  readonly randomBytes?: RandomBytes;
}

/**
 * The master key for {@link SecretBox}: WOM_MASTER_KEY when it is set, otherwise the key file
 * under the data directory, generated on first start. Losing the key loses every encrypted
 * secret, so `created: true` should make the caller tell the operator to back the file up.
 */
export async function loadMasterKey(options: LoadMasterKeyOptions): Promise<LoadedMasterKey> {
  const fromEnvironment = options.environmentValue?.trim();
  if (fromEnvironment !== undefined && fromEnvironment !== '') {
    return { key: parseMasterKey(fromEnvironment, 'WOM_MASTER_KEY'), source: 'environment', created: false };
  }
  const path = join(options.dataDir, MASTER_KEY_FILE_NAME);
  const { key, created } = await loadOrCreateKeyFile(path, options.randomBytes);
  return { key, source: 'key-file', path, created };
}

/**
 * Decodes a 32-byte key written as 64 hex digits or as base64 (standard or URL-safe, padded
 * or not). Anything else, a wrong length included, is `SECRETS.INVALID_MASTER_KEY`; the
 * message names the source and the size, never the value.
 */
export function parseMasterKey(value: string, source: string): Buffer {
  const text = value.trim();
  let key: Buffer | null = null;
  if (HEX_KEY.test(text)) key = Buffer.from(text, 'hex');
  else if (BASE64_KEY.test(text)) key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  if (key === null || key.length !== MASTER_KEY_BYTES) {
    throw new DomainError(
      'SECRETS.INVALID_MASTER_KEY',
      `${source} must be ${MASTER_KEY_BYTES} random bytes written as 64 hex digits or 44 base64 characters ` +
        `(got ${text.length} characters). Generate one with: openssl rand -base64 32`,
      { source },
    );
  }
  return key;
}

/**
 * Reads the key file, or creates it with mode 0600 if there is none. Creation is atomic:
 * the key is written to a private temporary file and hard-linked into place, which fails if
 * the name exists (O_EXCL semantics), so two processes starting at once agree on one key
 * and nobody ever reads a half-written file. A key file readable by group or others is
 * refused rather than fixed: someone else may already have read it.
 */
export async function loadOrCreateKeyFile(path: string, random: RandomBytes = cryptoRandomBytes): Promise<{ key: Buffer; created: boolean }> {
  const existing = await readKeyFile(path);
  if (existing !== null) return { key: existing, created: false };
  await fs.mkdir(join(path, '..'), { recursive: true, mode: 0o700 });
  const temporary = `${path}.${process.pid}.${random(6).toString('hex')}.tmp`;
  const handle = await fs.open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    await handle.chmod(0o600); // the umask could only have removed bits, but be explicit
    await handle.writeFile(`${random(MASTER_KEY_BYTES).toString('base64')}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  let created = false;
  try {
    await fs.link(temporary, path);
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process won the race; its file is complete because it was linked whole.
  } finally {
    await fs.unlink(temporary).catch(() => undefined);
  }
  const key = await readKeyFile(path);
  if (key === null) throw new Error(`Master key file ${path} vanished right after it was created`);
  return { key, created };
}

async function readKeyFile(path: string): Promise<Buffer | null> {
  let stat;
  try {
    stat = await fs.stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  if (!stat.isFile()) {
    throw new DomainError('SECRETS.KEY_FILE_INSECURE', `Master key file ${path} is not a regular file; remove it or set WOM_MASTER_KEY.`, { path });
  }
  // POSIX permission bits mean nothing on Windows, where the data directory's ACL protects it.
  if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
    const mode = (stat.mode & 0o777).toString(8).padStart(3, '0');
    throw new DomainError(
      'SECRETS.KEY_FILE_INSECURE',
      `Master key file ${path} has mode ${mode}, so other users may read it. Run "chmod 600 ${path}" ` +
        '(and rotate the key if someone else could have read it), then start again.',
      { path, mode },
    );
  }
  return parseMasterKey(await fs.readFile(path, 'utf8'), `Master key file ${path}`);
}
