import { createHash } from 'node:crypto';
import type { Nkey } from './nkey';

/**
 * NATS JWTs (version 2, `ed25519-nkey`): `base64url(header).base64url(claims).base64url(sig)`
 * where the signature covers the first two parts. Written here rather than through the JWT
 * library because the issue time must be under our control: the server keeps the account
 * JWT with the newest `iat`, so each push of the account must be newer than the last.
 */
const HEADER = Buffer.from(JSON.stringify({ typ: 'JWT', alg: 'ed25519-nkey' })).toString('base64url');

export interface Permission {
  readonly allow?: readonly string[];
  readonly deny?: readonly string[];
}

/** Unlimited, with JetStream enabled: the product account's own limits. */
export const UNLIMITED_ACCOUNT_LIMITS = {
  subs: -1,
  data: -1,
  payload: -1,
  imports: -1,
  exports: -1,
  wildcards: true,
  conn: -1,
  leaf: -1,
  mem_storage: -1,
  disk_storage: -1,
  streams: -1,
  consumer: -1,
} as const;

/** The system account may not use JetStream. */
const SYSTEM_ACCOUNT_LIMITS = { subs: -1, data: -1, payload: -1, imports: -1, exports: -1, wildcards: true, conn: -1, leaf: -1 } as const;

interface Claims {
  readonly name: string;
  readonly sub: string;
  readonly iat: number;
  readonly nats: Record<string, unknown>;
}

function sign(claims: Claims, issuer: Nkey): string {
  const body: Record<string, unknown> = { iat: claims.iat, iss: issuer.publicKey, name: claims.name, sub: claims.sub, nats: { ...claims.nats, version: 2 } };
  body['jti'] = createHash('sha256').update(JSON.stringify(body)).digest('base64url');
  const payload = `${HEADER}.${Buffer.from(JSON.stringify(body)).toString('base64url')}`;
  return `${payload}.${Buffer.from(issuer.sign(Buffer.from(payload))).toString('base64url')}`;
}

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

export function operatorJwt(operator: Nkey, systemAccount: string, name = 'wom'): string {
  return sign({ name, sub: operator.publicKey, iat: nowSeconds(), nats: { type: 'operator', system_account: systemAccount } }, operator);
}

export function systemAccountJwt(operator: Nkey, systemAccount: string): string {
  return sign({ name: 'SYS', sub: systemAccount, iat: nowSeconds(), nats: { type: 'account', limits: SYSTEM_ACCOUNT_LIMITS } }, operator);
}

export interface ProductAccountClaims {
  readonly account: string;
  readonly signingKeys: readonly string[];
  /** User public key → unix seconds; user JWTs of that key issued at or before it are refused. */
  readonly revocations: Readonly<Record<string, number>>;
  readonly issuedAt: number;
}

export function productAccountJwt(operator: Nkey, claims: ProductAccountClaims): string {
  const nats: Record<string, unknown> = {
    type: 'account',
    limits: UNLIMITED_ACCOUNT_LIMITS,
    signing_keys: [...claims.signingKeys],
    default_permissions: { pub: {}, sub: {} },
  };
  if (Object.keys(claims.revocations).length > 0) nats['revocations'] = { ...claims.revocations };
  return sign({ name: 'WOM', sub: claims.account, iat: claims.issuedAt, nats }, operator);
}

export interface UserClaims {
  readonly name: string;
  readonly user: string;
  /** The account the user belongs to, when the issuer is one of its signing keys. */
  readonly account: string;
  readonly publish?: Permission;
  readonly subscribe?: Permission;
  readonly issuedAt?: number;
}

export function userJwt(issuer: Nkey, claims: UserClaims): string {
  const permission = (value: Permission | undefined) => (value ? { ...value } : {});
  const nats: Record<string, unknown> = {
    type: 'user',
    pub: permission(claims.publish),
    sub: permission(claims.subscribe),
    subs: -1,
    data: -1,
    payload: -1,
  };
  if (claims.account !== issuer.publicKey) nats['issuer_account'] = claims.account;
  return sign({ name: claims.name, sub: claims.user, iat: claims.issuedAt ?? nowSeconds(), nats }, issuer);
}

/** The claims of a JWT, without verifying it (for tests and diagnostics). */
export function decodeJwtClaims(jwt: string): Record<string, unknown> & { iat: number; iss: string; sub: string; nats: Record<string, unknown> } {
  const body = jwt.split('.')[1];
  if (!body) throw new Error('not a JWT');
  return JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
}
