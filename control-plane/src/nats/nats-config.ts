import { ConfigError } from '../config/app-config-error';

/** How the control plane reaches NATS, and what it tells agents. */
export interface NatsConfig {
  /**
   * The server the control plane connects to (NATS_URL, comma-separated for a cluster).
   * Null means the embedded server, which the process entry point starts and then fills in.
   */
  readonly url: string | null;
  /** Off (NATS_EMBEDDED=false) for a control plane that must not start a server of its own. */
  readonly embeddedEnabled: boolean;
  /**
   * The embedded server's client port on loopback (NATS_PORT). Null: 4222 if free, else a free
   * port, remembered under DATA_DIR so enrolled agents keep finding it.
   */
  readonly embeddedPort: number | null;
  /**
   * The address the embedded server listens on (NATS_LISTEN). Null: the same as HOST, so a
   * control plane opened to the LAN opens NATS to it too, and a loopback one keeps both closed.
   */
  readonly embeddedListen: string | null;
  /** The nats-server executable (NATS_SERVER_BIN); found on PATH, /usr/sbin or /usr/bin when unset. */
  readonly serverBinary: string | null;
  /** URLs given to enrolling agents (NATS_AGENT_URLS); the control plane's own URL when empty. */
  readonly agentUrls: readonly string[];
  /**
   * Whether the embedded server requires TLS (NATS_TLS, default true) with a certificate of
   * its own CA under DATA_DIR/nats/tls. An external server's TLS is its operator's: NATS_URL
   * with tls:// and NATS_CA_FILE.
   */
  readonly tls: boolean;
  /**
   * A PEM file of the CA that NATS's certificate chains to (NATS_CA_FILE): the control plane
   * trusts only it, and hands it to enrolling agents to pin. Null: the system's CA store; the
   * embedded server fills in its own CA.
   */
  readonly caFile: string | null;
  /**
   * Operator and account keys (NATS_OPERATOR_SEED, NATS_ACCOUNT_SEED, NATS_ACCOUNT_SIGNING_SEED,
   * NATS_SYSTEM_ACCOUNT_SEED) for an external server set up with them; any left unset is
   * generated once and kept under DATA_DIR/nats/keys.
   */
  readonly seeds: Readonly<Partial<Record<'operator' | 'account' | 'accountSigning' | 'systemAccount', string>>>;
}

type Read = <T>(name: string, fallback: T, parse: (raw: string) => T) => T;

const SEED_VARIABLES = {
  operator: ['NATS_OPERATOR_SEED', 'SO'],
  account: ['NATS_ACCOUNT_SEED', 'SA'],
  accountSigning: ['NATS_ACCOUNT_SIGNING_SEED', 'SA'],
  systemAccount: ['NATS_SYSTEM_ACCOUNT_SEED', 'SA'],
} as const;

export function readNatsConfig(read: Read): NatsConfig {
  const seeds: Partial<Record<keyof typeof SEED_VARIABLES, string>> = {};
  for (const [role, [variable, prefix]] of Object.entries(SEED_VARIABLES) as [keyof typeof SEED_VARIABLES, readonly [string, string]][]) {
    // The value is never echoed in an error: it is a secret.
    const seed = read<string | undefined>(variable, undefined, (raw) => {
      if (!raw.startsWith(prefix) || !/^[A-Z2-7]{58}$/.test(raw)) throw new ConfigError(variable, `expected an nkey seed starting with "${prefix}".`);
      return raw;
    });
    if (seed) seeds[role] = seed;
  }
  return {
    url: read<string | null>('NATS_URL', null, (raw) => natsUrls('NATS_URL', raw).join(',')),
    embeddedEnabled: read('NATS_EMBEDDED', true, (raw) => boolean('NATS_EMBEDDED', raw)),
    embeddedPort: read<number | null>('NATS_PORT', null, (raw) => port('NATS_PORT', raw)),
    embeddedListen: read<string | null>('NATS_LISTEN', null, (raw) => listenHost('NATS_LISTEN', raw)),
    serverBinary: read<string | null>('NATS_SERVER_BIN', null, (raw) => raw),
    agentUrls: read<string[]>('NATS_AGENT_URLS', [], (raw) => natsUrls('NATS_AGENT_URLS', raw)),
    tls: read('NATS_TLS', true, (raw) => boolean('NATS_TLS', raw)),
    caFile: read<string | null>('NATS_CA_FILE', null, (raw) => raw),
    seeds,
  };
}

function natsUrls(name: string, raw: string): string[] {
  return raw.split(',').map((part) => {
    const text = part.trim();
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new ConfigError(name, `expected URLs like nats://nats.example.com:4222, got "${text}".`);
    }
    if (!['nats:', 'tls:', 'ws:', 'wss:'].includes(url.protocol)) throw new ConfigError(name, `expected a nats:// or tls:// URL, got the scheme "${url.protocol}".`);
    if (url.username || url.password) throw new ConfigError(name, 'must not carry credentials; the control plane signs its own.');
    return text;
  });
}

function listenHost(name: string, raw: string): string {
  if (!/^[A-Za-z0-9.:-]+$/.test(raw)) throw new ConfigError(name, `expected an address to listen on, like 0.0.0.0 or 192.0.2.10, got "${raw}".`);
  return raw;
}

function port(name: string, raw: string): number {
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) throw new ConfigError(name, `expected a port from 1 to 65535, got "${raw}".`);
  return Number(raw);
}

function boolean(name: string, raw: string): boolean {
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw new ConfigError(name, `expected true or false, got "${raw}".`);
}
