import { createPublicKey, X509Certificate } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { isWildcardHost } from '../config/public-url';
import type { CertificatePair } from './certificate';

/** Renewed this long before it expires, so a control plane restarted now and then never serves an expired one. */
const RENEW_BEFORE_MS = 30 * 24 * 3600 * 1000;
const VALIDITY_MS = 365 * 24 * 3600 * 1000;

/**
 * The names a generated certificate must carry: the public URL's host, the listen address (every
 * interface's address for a wildcard), and loopback, so each way clients reach it verifies.
 */
export function certificateNames(publicUrl: string, host: string): string[] {
  const names = new Set<string>([new URL(publicUrl).hostname.replace(/^\[|\]$/g, ''), 'localhost', '127.0.0.1', '::1']);
  if (isWildcardHost(host)) {
    for (const addresses of Object.values(networkInterfaces())) for (const address of addresses ?? []) if (!address.address.startsWith('fe80')) names.add(address.address);
  } else {
    names.add(host.replace(/^\[|\]$/g, ''));
  }
  return [...names];
}


/** Whether a stored certificate still serves: it covers every name and is not due for renewal. */
function stillServes(certPem: string, names: readonly string[], now: Date): boolean {
  const certificate = new X509Certificate(certPem);
  if (new Date(certificate.validTo).getTime() - now.getTime() < RENEW_BEFORE_MS) return false;
  // Node prints IPv6 SANs expanded; comparing through X509Certificate.checkIP/checkHost avoids that trap.
  return names.every((name) => (isIP(name) ? certificate.checkIP(name) !== undefined : certificate.checkHost(name) !== undefined));
}

/**
 * The self-signed certificate under `dir` (cert.pem, key.pem 0600), made on first use and
 * remade, with the same key, when it nears expiry or a name it must carry is missing. Keeping
 * the key keeps the public-key pin agents were given valid across renewals.
 */
export async function ensureGeneratedCertificate(dir: string, names: readonly string[], now: Date = new Date()): Promise<{ pair: CertificatePair; created: boolean }> {
  const certPath = join(dir, 'cert.pem');
  const keyPath = join(dir, 'key.pem');
  const [certPem, keyPem] = await Promise.all([readFile(certPath, 'utf8').catch(() => null), readFile(keyPath, 'utf8').catch(() => null)]);
  if (certPem !== null && keyPem !== null && stillServes(certPem, names, now)) return { pair: { certPem, keyPem }, created: false };

  const keyPair = keyPem === null ? undefined : { privateKey: keyPem, publicKey: createPublicKey(keyPem).export({ type: 'spki', format: 'pem' }).toString() };
  const generated = await generate([{ name: 'commonName', value: names[0] ?? 'wom' }, { name: 'organizationName', value: 'WAN Overlay Manager' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: new Date(now.getTime() + VALIDITY_MS),
    ...(keyPair === undefined ? {} : { keyPair }),
    extensions: [
      // A CA of itself: clients that trust this one certificate (curl --cacert, Node's `ca`) accept it as the root.
      { name: 'basicConstraints', cA: true, critical: true },
      { name: 'keyUsage', digitalSignature: true, keyCertSign: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: names.map((name) => (isIP(name) ? { type: 7 as const, ip: name } : { type: 2 as const, value: name })) },
    ],
  });
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const pair = { certPem: generated.cert, keyPem: keyPem ?? generated.private };
  // Written aside and renamed, so a crash mid-write never leaves a pair that does not match.
  if (keyPem === null) await writeFile(`${keyPath}.new`, pair.keyPem, { mode: 0o600 }).then(() => rename(`${keyPath}.new`, keyPath));
  await writeFile(`${certPath}.new`, pair.certPem, { mode: 0o644 }).then(() => rename(`${certPath}.new`, certPath));
  return { pair, created: true };
}

