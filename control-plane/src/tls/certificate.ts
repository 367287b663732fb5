import { createHash, X509Certificate } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';

/** A certificate and key as served, with what clients need to recognise it. */
export interface CertificatePair {
  readonly certPem: string;
  readonly keyPem: string;
}

/** What the API, the startup log and the installer show about the served certificate. */
export interface CertificateFacts {
  /** SHA-256 of the certificate (DER), lowercase hex: what browsers and `openssl x509 -fingerprint -sha256` show. */
  readonly fingerprintSha256: string;
  /**
   * SHA-256 of the certificate's public key (SubjectPublicKeyInfo), in curl's `--pinnedpubkey`
   * form `sha256//<base64>`. It survives a renewal that keeps the key, which a generated certificate does.
   */
  readonly publicKeyPin: string;
  readonly selfSigned: boolean;
  readonly subjectAltNames: readonly string[];
  readonly notAfter: string;
}

/** The first certificate of a PEM chain. */
export function leafCertificate(certPem: string): X509Certificate {
  return new X509Certificate(certPem);
}

/** `sha256//<base64>` of a certificate's SubjectPublicKeyInfo, as curl and the agent compare it. */
export function publicKeyPin(certificate: X509Certificate): string {
  const spki = certificate.publicKey.export({ type: 'spki', format: 'der' });
  return `sha256//${createHash('sha256').update(spki).digest('base64')}`;
}

export function certificateFacts(certPem: string): CertificateFacts {
  const leaf = leafCertificate(certPem);
  return {
    fingerprintSha256: leaf.fingerprint256.replaceAll(':', '').toLowerCase(),
    publicKeyPin: publicKeyPin(leaf),
    // Issued by itself and signed by its own key: no CA vouches for it, so clients must pin it.
    selfSigned: leaf.checkIssued(leaf) && leaf.verify(leaf.publicKey),
    subjectAltNames: (leaf.subjectAltName ?? '').split(', ').filter((name) => name !== ''),
    notAfter: new Date(leaf.validTo).toISOString(),
  };
}

/**
 * Checks a pair before it is served: both parse, the key belongs to the certificate, and the
 * certificate has not expired. Throws an Error whose message says which.
 */
export function secureContextFor(pair: CertificatePair, now: Date = new Date()): SecureContext {
  let leaf: X509Certificate;
  try {
    leaf = leafCertificate(pair.certPem);
  } catch (error) {
    throw new Error(`the certificate is not a PEM X.509 certificate (${(error as Error).message})`);
  }
  if (new Date(leaf.validTo).getTime() <= now.getTime()) throw new Error(`the certificate expired on ${new Date(leaf.validTo).toISOString()}`);
  try {
    // OpenSSL refuses a key that does not match the certificate here.
    return createSecureContext({ cert: pair.certPem, key: pair.keyPem });
  } catch (error) {
    throw new Error(`the key does not fit the certificate or is not a PEM private key (${(error as Error).message})`);
  }
}
