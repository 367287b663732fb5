import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../config/app-config-error';
import { isLoopbackHost } from '../config/public-url';

export const TLS_MODES = ['auto', 'on', 'off'] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** How the control plane serves HTTPS (TLS, TLS_CERT, TLS_KEY, HTTP_REDIRECT_PORT). */
export interface TlsConfig {
  readonly mode: TlsMode;
  /** True when the API and console are served over HTTPS. */
  readonly enabled: boolean;
  /** The PEM certificate (chain) and key files; null means a generated self-signed pair under DATA_DIR/tls. */
  readonly files: { readonly cert: string; readonly key: string } | null;
  /** A plain-HTTP listener that redirects every request to PUBLIC_URL; null for none. */
  readonly redirectPort: number | null;
}

type Read = <T>(name: string, fallback: T, parse: (raw: string) => T) => T;

/**
 * `auto` (the default) serves HTTPS when certificate files are given, or when HOST is reachable
 * from other machines: a login there must not cross the network in clear text. Loopback stays
 * plain HTTP, where nothing leaves the machine (or a TLS-terminating proxy sits in front).
 */
export function readTlsConfig(read: Read, host: string, cwd: string): TlsConfig {
  const mode = read<TlsMode>('TLS', 'auto', (raw) => {
    const value = raw.toLowerCase() as TlsMode;
    if (!TLS_MODES.includes(value)) throw new ConfigError('TLS', `expected one of ${TLS_MODES.join(', ')}, got "${raw}".`);
    return value;
  });
  const path = (name: string) => read<string | null>(name, null, (raw) => (isAbsolute(raw) ? raw : resolve(cwd, raw)));
  const cert = path('TLS_CERT');
  const key = path('TLS_KEY');
  // Reported through `read` on a variable that is set, so every problem is listed together.
  const refuse = (name: string, message: string) => read(name, null, () => { throw new ConfigError(name, message); });
  if ((cert === null) !== (key === null)) {
    refuse(cert === null ? 'TLS_KEY' : 'TLS_CERT', 'TLS_CERT and TLS_KEY go together: set both PEM file paths, or neither for a generated certificate.');
  }
  const files = cert !== null && key !== null ? { cert, key } : null;
  if (mode === 'off' && files !== null) refuse('TLS', 'is off, but TLS_CERT and TLS_KEY are set: remove them, or set TLS=on (or auto) to serve HTTPS with them.');
  const enabled = mode === 'on' || (mode === 'auto' && (files !== null || !isLoopbackHost(host)));
  const redirectPort = read<number | null>('HTTP_REDIRECT_PORT', null, (raw) => {
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) throw new ConfigError('HTTP_REDIRECT_PORT', `expected a port from 1 to 65535, got "${raw}".`);
    return Number(raw);
  });
  if (redirectPort !== null && !enabled) refuse('HTTP_REDIRECT_PORT', 'redirects to HTTPS, which is not served here (TLS is off, or HOST is loopback without TLS_CERT): remove it, or set TLS=on.');
  return { mode, enabled, files, redirectPort };
}
