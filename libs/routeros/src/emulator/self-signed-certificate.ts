import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TlsIdentity } from './http-server';

/**
 * A throw-away self-signed P-256 certificate for one IP address (127.0.0.1 unless given), for the HTTPS flavour of the
 * emulator, made with the openssl CLI (no TLS library in the dependencies just for this).
 * Throws, naming the Debian package, when openssl is missing: a test that needs HTTPS should
 * fail rather than pass without it; the demo catches it and falls back to plain HTTP.
 */
export function selfSignedCertificate(validDays = 1, ipAddress = '127.0.0.1'): TlsIdentity {
  const dir = mkdtempSync(join(tmpdir(), 'wom-routeros-tls-'));
  const keyFile = join(dir, 'key.pem');
  const certFile = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', String(validDays), '-subj', `/CN=${ipAddress}`, '-addext', `subjectAltName=IP:${ipAddress}`],
      { stdio: 'ignore' },
    );
    return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') };
  } catch (error) {
    throw new Error(`Could not make a self-signed certificate with openssl (install the Debian package openssl): ${String(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
