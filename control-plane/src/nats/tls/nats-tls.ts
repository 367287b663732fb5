import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto';
import { chmod, link, mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { isWildcardHost } from '../../config/public-url';
import { natsDir } from '../nats-identity';
import { issueCertificate } from './x509';

/** The embedded NATS server's TLS material under DATA_DIR/nats/tls. */
export interface NatsTlsFiles {
  /** The CA certificate agents pin (and the control plane trusts): public, handed out at enrollment. */
  readonly caFile: string;
  readonly caPem: string;
  /** The server certificate and its key in one 0600 file (nats-server reads both from it). */
  readonly serverFile: string;
}

const DAY_MS = 86_400_000;
const CA_LIFETIME_MS = 20 * 365 * DAY_MS;
const SERVER_LIFETIME_MS = 2 * 365 * DAY_MS;
/** A server certificate this close to its end is issued again at the next start. */
const RENEW_BEFORE_MS = 30 * DAY_MS;
/** Clocks of boxes that check the certificate may lag the control plane's a little. */
const BACKDATE_MS = 3_600_000;
const LOOPBACK = ['127.0.0.1', '::1', 'localhost'];

export const natsTlsDir = (dataDir: string): string => join(natsDir(dataDir), 'tls');

/**
 * The names the server certificate must carry: every host agents are told (PUBLIC_URL's host,
 * NATS_AGENT_URLS' hosts), the address it listens on, and loopback, which the control plane
 * itself connects to.
 */
export function natsTlsNames(input: { publicUrl: string; listen: string | null; agentUrls: readonly string[]; extra?: readonly string[] }): string[] {
  const host = (url: string) => new URL(url).hostname.replace(/^\[(.*)\]$/, '$1');
  const names = [host(input.publicUrl), ...input.agentUrls.map(host), ...(input.listen && !isWildcardHost(input.listen) ? [input.listen] : []), ...(input.extra ?? []), ...LOOPBACK];
  return [...new Set(names.map((name) => (isIP(name) ? name : name.toLowerCase())))].sort();
}

/**
 * Makes the CA once (kept: agents pin it) and a server certificate for `names`, issued again
 * whenever the names change, the CA is not its issuer, or it nears its end. Keys are 0600.
 */
export async function ensureNatsTls(dataDir: string, names: readonly string[], now = new Date()): Promise<NatsTlsFiles> {
  const dir = natsTlsDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const ca = await loadOrCreateCa(join(dir, 'ca-key.pem'), now);
  const caFile = join(dir, 'ca.pem');
  await writeAtomic(caFile, ca.pem, 0o644);
  const serverFile = join(dir, 'server.pem');
  const current = await readFile(serverFile, 'utf8').catch(() => null);
  if (current === null || !serverCertificateFits(current, ca.certificate, names, now)) {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pem = issueCertificate({
      subject: 'wom NATS server',
      publicKey,
      issuer: { name: CA_NAME, privateKey: ca.privateKey, publicKey: ca.certificate.publicKey },
      notBefore: new Date(now.getTime() - BACKDATE_MS),
      notAfter: new Date(now.getTime() + SERVER_LIFETIME_MS),
      ca: false,
      altNames: names,
    });
    await writeAtomic(serverFile, `${pem}${privateKey.export({ format: 'pem', type: 'pkcs8' }) as string}`, 0o600);
  }
  return { caFile, caPem: ca.pem, serverFile };
}

const CA_NAME = 'wom NATS CA';

interface Ca {
  readonly pem: string;
  readonly certificate: X509Certificate;
  readonly privateKey: KeyObject;
}

/**
 * The CA's key and certificate live in one 0600 file, created with link() so that two
 * processes starting together end up with the same CA, never half of each.
 */
async function loadOrCreateCa(path: string, now: Date): Promise<Ca> {
  const stored = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stored !== null) return parseCa(stored);
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const pem = issueCertificate({
    subject: CA_NAME,
    publicKey,
    issuer: { name: CA_NAME, privateKey, publicKey },
    notBefore: new Date(now.getTime() - BACKDATE_MS),
    notAfter: new Date(now.getTime() + CA_LIFETIME_MS),
    ca: true,
  });
  const scratch = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(scratch, `${pem}${privateKey.export({ format: 'pem', type: 'pkcs8' }) as string}`, { mode: 0o600 });
  await chmod(scratch, 0o600);
  try {
    await link(scratch, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(scratch);
  }
  return parseCa(await readFile(path, 'utf8'));
}

function parseCa(text: string): Ca {
  const pem = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/.exec(text)?.[0];
  if (!pem) throw new Error('DATA_DIR/nats/tls/ca-key.pem holds no certificate; remove the tls directory to make a new CA (every agent must then enroll again).');
  const privateKey = createPrivateKey(text);
  if (!createPublicKey(privateKey).equals(new X509Certificate(pem).publicKey)) throw new Error('DATA_DIR/nats/tls/ca-key.pem: the key does not belong to the certificate.');
  return { pem: pem.endsWith('\n') ? pem : `${pem}\n`, certificate: new X509Certificate(pem), privateKey };
}

/** Whether the stored server certificate was issued by `ca` for exactly `names` and is not near its end. */
function serverCertificateFits(text: string, ca: X509Certificate, names: readonly string[], now: Date): boolean {
  try {
    const certificate = new X509Certificate(text);
    createPrivateKey(text);
    const listed = (certificate.subjectAltName ?? '').split(', ').filter(Boolean);
    const covers = names.every((name) => (isIP(name) ? certificate.checkIP(name) !== undefined : certificate.checkHost(name, { wildcards: false }) !== undefined));
    return certificate.verify(ca.publicKey) && covers && listed.length === names.length && new Date(certificate.validTo).getTime() - now.getTime() > RENEW_BEFORE_MS;
  } catch {
    return false;
  }
}

async function writeAtomic(path: string, content: string, mode: number): Promise<void> {
  const scratch = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  await writeFile(scratch, content, { mode });
  await chmod(scratch, mode);
  await rename(scratch, path);
}
