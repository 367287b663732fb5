import { ConfigError } from './app-config-error';

/** True for addresses only this machine can reach: 127/8, ::1, localhost, and the wildcard forms. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare.endsWith('.localhost') || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** True for listen addresses meaning "every interface". */
export const isWildcardHost = (host: string): boolean => host === '0.0.0.0' || host === '::' || host === '[::]';

/**
 * The address every command and file handed out uses to reach this control plane
 * (PUBLIC_URL). Without one it is the listen address, with a wildcard read as loopback,
 * which only this machine can use: the console says so.
 * `http://wom.example.com:8080/` → `http://wom.example.com:8080`.
 */
export function publicUrl(raw: string | undefined, host: string, port: number): string {
  if (raw === undefined) {
    const shown = isWildcardHost(host) ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
    return `http://${shown}:${port}`;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('PUBLIC_URL', `expected the URL agents and people use to reach the control plane, like https://wom.example.com, got "${raw}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ConfigError('PUBLIC_URL', `expected an http:// or https:// URL, got the scheme "${url.protocol}".`);
  if (url.username || url.password || url.search || url.hash) throw new ConfigError('PUBLIC_URL', 'must not carry credentials, a query or a fragment.');
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
