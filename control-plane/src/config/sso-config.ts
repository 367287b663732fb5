import { ConfigError } from './app-config-error';
import { isLoopbackHost } from './public-url';
import { USER_ROLES, type UserRole } from '../database/entities/user.entity';

/** One entry of OIDC_ROLE_MAP: members of `group` get `role`; `*` matches anyone. */
export interface OidcRoleRule {
  readonly group: string;
  readonly role: UserRole;
}

/** Single sign-on with an OpenID Connect provider (authorization code + PKCE). */
export interface OidcConfig {
  /** OIDC_ISSUER: the provider's issuer URL; its discovery document is read at the first sign-in. */
  readonly issuer: string;
  readonly clientId: string;
  /** Null for a public client, which proves itself with PKCE alone. */
  readonly clientSecret: string | null;
  /** Where the provider sends the browser back; registered at the provider as is. */
  readonly redirectUrl: string;
  readonly scopes: string;
  /** The claim (a dotted path such as `realm_access.roles` reaches into objects) holding the user's groups. */
  readonly roleClaim: string;
  readonly roleMap: readonly OidcRoleRule[];
  /** Shown on the console's button: "Sign in with <name>". */
  readonly displayName: string;
}

/** How people sign in: the provider, if any, and whether local passwords are accepted. */
export interface SsoConfig {
  readonly oidc: OidcConfig | null;
  /** LOCAL_LOGIN: false refuses password login (403); turn it back on to get in when the provider is down. */
  readonly localLogin: boolean;
}

type Read = <T>(name: string, fallback: T, parse: (raw: string) => T) => T;

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';

/** Reads OIDC_* and LOCAL_LOGIN through app-config's collector; `publicUrl` gives the default redirect. */
export function readSsoConfig(read: Read, publicUrl: string): SsoConfig {
  const clientId = read<string | null>('OIDC_CLIENT_ID', null, (raw) => text('OIDC_CLIENT_ID', raw, 256));
  const clientSecret = read<string | null>('OIDC_CLIENT_SECRET', null, (raw) => raw);
  const roleMap = read<OidcRoleRule[] | null>('OIDC_ROLE_MAP', null, parseRoleMap);
  const issuer = read<string | null>('OIDC_ISSUER', null, (raw) => {
    const url = httpsUrl('OIDC_ISSUER', raw);
    if (clientId === null) throw new ConfigError('OIDC_CLIENT_ID', 'required when OIDC_ISSUER is set: the client id the provider gave this control plane.');
    if (roleMap === null) throw new ConfigError('OIDC_ROLE_MAP', 'required when OIDC_ISSUER is set, e.g. noc-admins=admin,noc=operator,*=read-only.');
    return url;
  });
  const oidc: OidcConfig | null =
    issuer === null || clientId === null || roleMap === null
      ? null
      : {
          issuer,
          clientId,
          clientSecret,
          redirectUrl: read('OIDC_REDIRECT_URL', `${publicUrl}${OIDC_CALLBACK_PATH}`, (raw) => httpsUrl('OIDC_REDIRECT_URL', raw)),
          scopes: read('OIDC_SCOPES', 'openid profile email', scopes),
          roleClaim: read('OIDC_ROLE_CLAIM', 'groups', (raw) => text('OIDC_ROLE_CLAIM', raw, 128)),
          roleMap,
          displayName: read('OIDC_DISPLAY_NAME', new URL(issuer).hostname, (raw) => text('OIDC_DISPLAY_NAME', raw, 64)),
        };
  const localLogin = read('LOCAL_LOGIN', true, (raw) => {
    const value = raw.toLowerCase();
    if (value !== 'on' && value !== 'off') throw new ConfigError('LOCAL_LOGIN', `expected on or off, got "${raw}".`);
    if (value === 'off' && issuer === null) throw new ConfigError('LOCAL_LOGIN', 'off needs single sign-on (OIDC_ISSUER), or nobody could sign in.');
    return value === 'on';
  });
  return { oidc, localLogin };
}

/**
 * `noc-admins=admin,noc=operator,*=read-only` → rules in order. `viewer` is taken as
 * `read-only`, the name other products use for it.
 */
export function parseRoleMap(raw: string): OidcRoleRule[] {
  const rules = raw.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '').map((entry) => {
    const eq = entry.lastIndexOf('=');
    const group = entry.slice(0, eq).trim();
    const named = entry.slice(eq + 1).trim().toLowerCase();
    const role = named === 'viewer' ? 'read-only' : named;
    if (eq <= 0 || group === '' || !(USER_ROLES as readonly string[]).includes(role)) {
      throw new ConfigError('OIDC_ROLE_MAP', `expected group=role pairs with a role of ${USER_ROLES.join(', ')}, like noc-admins=admin,*=read-only; "${entry}" is not one.`);
    }
    return { group, role: role as UserRole };
  });
  if (rules.length === 0) throw new ConfigError('OIDC_ROLE_MAP', 'expected at least one group=role pair.');
  return rules;
}

/** https, or http only to a loopback address (a provider on the same machine, or a lab). */
function httpsUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, `expected a URL like https://login.example.com/realms/noc, got "${raw}".`);
  }
  const plainOk = url.protocol === 'http:' && isLoopbackHost(url.hostname);
  if (url.protocol !== 'https:' && !plainOk) throw new ConfigError(name, `expected an https:// URL (http:// only on loopback), got "${raw}".`);
  if (url.username || url.password || url.hash) throw new ConfigError(name, 'must not carry credentials or a fragment.');
  return url.href.replace(/\/$/, url.pathname === '/' ? '' : '/');
}

function scopes(raw: string): string {
  const list = raw.split(/[\s,]+/).filter((s) => s !== '');
  if (!list.includes('openid') || list.some((s) => !/^[\x21\x23-\x5b\x5d-\x7e]+$/.test(s))) throw new ConfigError('OIDC_SCOPES', `expected space-separated scopes including openid, got "${raw}".`);
  return list.join(' ');
}

function text(name: string, raw: string, max: number): string {
  const control = [...raw].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f);
  if (raw.length > max || control) throw new ConfigError(name, `expected up to ${max} printable characters.`);
  return raw;
}
