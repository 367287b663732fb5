import { Inject, Injectable } from '@nestjs/common';
import type { RouterConnectionSettings } from '@wom/contracts';
import { validateEndpointHost, validateRouterUsername } from '@wom/domain';
import { RouterOsClient, type RouterOsCallLogEntry } from '@wom/routeros';
import { AppError, type FieldProblem } from '../common/errors/app-error';
import type { PeerEntity } from '../database/entities';
import { PeerKeyVault } from '../secrets/secrets.module';


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
 */
@Injectable()
export class RouterClientFactory {
  constructor(@Inject(PeerKeyVault) private readonly vault: PeerKeyVault) {}

  forPeer(peer: PeerEntity, options: RouterClientOptions = {}): RouterOsClient {
    const settings = this.connectionSettings(peer, options);
    return new RouterOsClient({
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
      port: peer.mikrotikApiPort ?? (useSsl ? 443 : 80),
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
