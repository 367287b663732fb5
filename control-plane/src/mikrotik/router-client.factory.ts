import { Inject, Injectable } from '@nestjs/common';
import type { RouterConnectionSettings } from '@wom/contracts';
import { validateEndpointHost, validateRouterUsername } from '@wom/domain';
import { RouterOsClient, type RouterOsCallLogEntry } from '@wom/routeros';
import { AppError, type FieldProblem } from '../common/errors/app-error';
import type { PeerEntity } from '../database/entities';
import { PeerKeyVault } from '../secrets/secrets.module';
import { refusedAddressReason } from './router-address-rules';
import { RouterAddressRefused, RouterTargetResolver } from './router-target.resolver';

export interface RouterClientOptions {
  readonly onCall?: (entry: RouterOsCallLogEntry) => void;
  /** Per request; RouterOS ends sessions at 60 s, so below that. */
  readonly timeoutMs?: number;
  /** Router calls are retried by the client; tests and one-shot checks may want fewer. */
  readonly maxAttempts?: number;
  /** Connections to the router (2 by default); the health monitor reads over one, a TCP and TLS set-up per read less. */
  readonly connections?: number;
}

/**
 * Builds a RouterOS client from a peer's MikroTik fields: HTTPS by default with certificate
 * checks off (routers carry self-signed certificates) unless asked, an optional CA, plain HTTP
 * only when the peer says so. The password is decrypted here and lives only inside the client.
 *
 * This is the only way the control plane builds a RouterOS client, and it builds one only for
 * a stored router: an address the rules refuse is refused here, and every connection the client
 * opens goes to an address {@link RouterTargetResolver} checked for that router.
 */
@Injectable()
export class RouterClientFactory {
  constructor(
    @Inject(PeerKeyVault) private readonly vault: PeerKeyVault,
    @Inject(RouterTargetResolver) private readonly targets: RouterTargetResolver,
  ) {}

  forPeer(peer: PeerEntity, options: RouterClientOptions = {}): RouterOsClient {
    const settings = this.connectionSettings(peer, options);
    const refused = refusedAddressReason(settings.host, settings.port, this.targets.rules);
    if (refused !== null) throw new RouterAddressRefused(peer.name, refused);
    const { id, name } = peer;
    return new RouterOsClient({
      // The stored address, checked and resolved again for each connection: the row may have changed since.
      resolveHost: () => this.targets.resolve({ id, name }, settings.host, settings.port),
      host: settings.host,
      port: settings.port,
      protocol: settings.protocol,
      username: settings.username,
      password: settings.password,
      verifyTls: settings.verifyTls,
      ...(settings.ca ? { ca: settings.ca } : {}),
      timeoutMs: settings.timeoutMs,
      ...(settings.maxAttempts ? { retry: { maxAttempts: settings.maxAttempts } } : {}),
      ...(options.onCall ? { onCall: options.onCall } : {}),
      connections: options.connections ?? 2,
    });
  }

  /**
   * Resolves and checks the router's stored address now, so a request that would be refused
   * fails with the reason (409, naming the field) instead of as an unreachable router; the
   * client checks again on every connection it opens.
   */
  async requireAllowedTarget(peer: PeerEntity): Promise<void> {
    const problems = connectionProblems(peer);
    if (problems.length > 0) return; // forPeer reports these with the rest of the settings.
    try {
      await this.targets.resolve(peer, peer.mikrotikManagementIp!, apiPort(peer));
    } catch (error) {
      // A name that does not resolve is the request's to report, as an unreachable router.
      if (error instanceof RouterAddressRefused) throw error;
    }
  }

  /**
   * The settings a client needs, password decrypted: for this process's own client, or for the
   * site agent that runs the router's jobs (see docs/agent.md on why the password goes there).
   */
  connectionSettings(peer: PeerEntity, options: Omit<RouterClientOptions, 'onCall'> = {}): RouterConnectionSettings {
    const problems = connectionProblems(peer);
    if (problems.length > 0) {
      throw new AppError('MIKROTIK.NOT_CONFIGURED', `Router "${peer.name}" cannot be reached through its API yet: ${problems.map((p) => p.reason).join(' ')}`, { fields: problems });
    }
    const useSsl = peer.mikrotikUseSsl;
    return {
      host: peer.mikrotikManagementIp!,
      port: apiPort(peer),
      protocol: useSsl ? 'https' : 'http',
      username: peer.mikrotikUsername!,
      password: this.vault.openRouterPassword(peer),
      verifyTls: peer.mikrotikVerifyCert,
      ca: peer.mikrotikCaCertificate || null,
      timeoutMs: options.timeoutMs ?? 20_000,
      maxAttempts: options.maxAttempts ?? null,
    };
  }
}

/** The REST port: the one set, else the default of the protocol. */
const apiPort = (peer: PeerEntity): number => peer.mikrotikApiPort ?? (peer.mikrotikUseSsl ? 443 : 80);

/**
 * What is missing or unsafe in a peer's API settings, by field; empty when a client can be
 * built. The API validates these on the way in; checking again here also covers rows written
 * some other way, since the address ends up in a URL and the user name in a header.
 */
export function connectionProblems(peer: PeerEntity): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const check = (field: string, value: unknown, validate: (value: unknown, field: string) => unknown): void => {
    try {
      validate(value, field);
    } catch (error) {
      problems.push({ field, reason: (error as Error).message });
    }
  };
  if (!peer.mikrotikManagementIp) problems.push({ field: 'mikrotikManagementIp', reason: 'Set the management IP address or host name.' });
  else check('mikrotikManagementIp', peer.mikrotikManagementIp, validateEndpointHost);
  if (peer.mikrotikAuthMethod === 'token') problems.push({ field: 'mikrotikAuthMethod', reason: 'RouterOS REST accepts only user name and password (HTTP Basic); use the password method.' });
  if (!peer.mikrotikUsername) problems.push({ field: 'mikrotikUsername', reason: 'Set the router user name.' });
  else check('mikrotikUsername', peer.mikrotikUsername, validateRouterUsername);
  const port = peer.mikrotikApiPort;
  if (port !== null && !(Number.isInteger(port) && port >= 1 && port <= 65535)) problems.push({ field: 'mikrotikApiPort', reason: 'The API port must be from 1 to 65535.' });
  return problems;
}
