import { createPrivateKey, createPublicKey } from 'node:crypto';

/**
 * The public half of a base64 WireGuard private key, as the router shows it in `public-key`.
 * Uses node's own X25519 rather than the product's key code, so the emulator checks the
 * product instead of repeating it.
 */
export function wireguardPublicKey(privateKey: string): string {
  // node's JWK import wants an `x`; it derives the real one from `d` and ignores this.
  const d = Buffer.from(privateKey, 'base64').toString('base64url');
  const key = createPublicKey(createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d, x: '' }, format: 'jwk' }));
  const x = (key.export({ format: 'jwk' }) as { x?: string }).x ?? '';
  return Buffer.from(x, 'base64url').toString('base64');
}
