import { createHash, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isIP } from 'node:net';

/**
 * Just enough X.509 (RFC 5280) in DER to issue the embedded NATS server's certificates: a
 * self-signed CA and a server certificate it signs, both ECDSA P-256 with SHA-256. Node can
 * sign and parse certificates but not build them, and the control plane's image carries no
 * openssl; the result is checked by Node's own X509Certificate and by nats-server (Go).
 */

export interface CertificateRequest {
  readonly subject: string;
  readonly publicKey: KeyObject;
  /** The issuer's name and private key; the subject's own for a self-signed CA. */
  readonly issuer: { readonly name: string; readonly privateKey: KeyObject; readonly publicKey: KeyObject };
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** A CA may sign certificates; a server certificate is for TLS servers only. */
  readonly ca: boolean;
  /** Host names and IP addresses (server certificates). */
  readonly altNames?: readonly string[];
}

/** Issues a certificate; returns it as PEM. */
export function issueCertificate(request: CertificateRequest): string {
  const tbs = seq(
    explicit(0, integer(Uint8Array.of(2))),
    integer(serialNumber()),
    ecdsaWithSha256(),
    name(request.issuer.name),
    seq(time(request.notBefore), time(request.notAfter)),
    name(request.subject),
    request.publicKey.export({ format: 'der', type: 'spki' }),
    explicit(3, seq(...extensions(request))),
  );
  const signature = sign('sha256', tbs, request.issuer.privateKey);
  const der = seq(tbs, ecdsaWithSha256(), bitString(signature));
  const body = Buffer.from(der).toString('base64').replace(/.{1,64}/g, '$&\n');
  return `-----BEGIN CERTIFICATE-----\n${body}-----END CERTIFICATE-----\n`;
}

function extensions(request: CertificateRequest): Uint8Array[] {
  const list = [
    extension('2.5.29.19', true, request.ca ? seq(boolean(true), integer(Uint8Array.of(0))) : seq()),
    // digitalSignature, plus keyCertSign and cRLSign for the CA.
    extension('2.5.29.15', true, request.ca ? bitString(Uint8Array.of(0x86), 1) : bitString(Uint8Array.of(0x80), 7)),
    extension('2.5.29.14', false, octets(keyId(request.publicKey))),
    extension('2.5.29.35', false, seq(tlv(0x80, keyId(request.issuer.publicKey)))),
  ];
  if (!request.ca) {
    list.push(extension('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))));
    list.push(extension('2.5.29.17', false, seq(...(request.altNames ?? []).map(altName))));
  }
  return list;
}

/** A DNS name ([2]) or an IP address ([7], its 4 or 16 bytes). */
function altName(value: string): Uint8Array {
  const family = isIP(value);
  if (family === 4) return tlv(0x87, Uint8Array.from(value.split('.').map(Number)));
  if (family === 6) return tlv(0x87, ipv6Bytes(value));
  return tlv(0x82, new TextEncoder().encode(value));
}

function ipv6Bytes(address: string): Uint8Array {
  const [head = '', tail = ''] = address.split('::');
  const groups = (part: string) => (part ? part.split(':') : []);
  const [left, right] = [groups(head), address.includes('::') ? groups(tail) : []];
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  return Uint8Array.from(all.flatMap((group) => [parseInt(group, 16) >> 8, parseInt(group, 16) & 0xff]));
}

/** The SHA-1 of the public key's bits, as RFC 5280 suggests for key identifiers. */
function keyId(publicKey: KeyObject): Uint8Array {
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  // The SPKI ends with the key's BIT STRING; for P-256 its 65 bytes of point.
  return createHash('sha1').update(spki.subarray(spki.length - 65)).digest();
}

function serialNumber(): Uint8Array {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes;
}

function ecdsaWithSha256(): Uint8Array {
  return seq(oid('1.2.840.10045.4.3.2'));
}

function name(commonName: string): Uint8Array {
  return seq(set(seq(oid('2.5.4.3'), tlv(0x0c, new TextEncoder().encode(commonName)))));
}

function extension(id: string, critical: boolean, value: Uint8Array): Uint8Array {
  return critical ? seq(oid(id), boolean(true), octets(value)) : seq(oid(id), octets(value));
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 4.1.2.5). */
function time(date: Date): Uint8Array {
  const text = date.toISOString().replace(/[-:T]/g, '').replace(/\.\d+Z$/, 'Z');
  return date.getUTCFullYear() < 2050 ? tlv(0x17, ascii(text.slice(2))) : tlv(0x18, ascii(text));
}

function oid(dotted: string): Uint8Array {
  const [first = 0, second = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [40 * first + second];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let value = arc >> 7; value > 0; value >>= 7) chunk.unshift((value & 0x7f) | 0x80);
    bytes.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(bytes));
}

function integer(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.subarray(start);
  return tlv(0x02, trimmed[0]! & 0x80 ? concat(Uint8Array.of(0), trimmed) : trimmed);
}

function boolean(value: boolean): Uint8Array {
  return tlv(0x01, Uint8Array.of(value ? 0xff : 0));
}

function octets(bytes: Uint8Array): Uint8Array {
  return tlv(0x04, bytes);
}

function bitString(bytes: Uint8Array, unusedBits = 0): Uint8Array {
  return tlv(0x03, concat(Uint8Array.of(unusedBits), bytes));
}

function seq(...parts: Uint8Array[]): Uint8Array {
  return tlv(0x30, concat(...parts));
}

function set(...parts: Uint8Array[]): Uint8Array {
  return tlv(0x31, concat(...parts));
}

function explicit(tag: number, inner: Uint8Array): Uint8Array {
  return tlv(0xa0 + tag, inner);
}

function ascii(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function tlv(tag: number, content: Uint8Array): Uint8Array {
  const length = content.length;
  const header = length < 0x80 ? [length] : length < 0x100 ? [0x81, length] : length < 0x10000 ? [0x82, length >> 8, length & 0xff] : [0x83, length >> 16, (length >> 8) & 0xff, length & 0xff];
  return concat(Uint8Array.from([tag, ...header]), content);
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
