import { validateInterfaceName } from '@wom/domain';
import { RouterOsError } from '../client/errors';
import type { RouterOsClient, RouterOsRecord } from '../client/routeros-client';
import { checkRestCompatibility } from '../client/version';
import type { ConnectionStatus, ConnectionTestResult, EngineError, RouterHealth, WireguardPeerStats } from './engine.types';
import { toEngineError } from './engine-errors';
import { routerOsDurationSeconds, routerOsNumber } from './router-duration';
import { missingDeployPolicies } from './router-policies';

const EMPTY: Omit<ConnectionTestResult, 'status' | 'error'> = {
  identity: null,
  version: null,
  board: null,
  uptime: null,
  cpuLoadPercent: null,
  freeMemoryBytes: null,
  totalMemoryBytes: null,
  restAvailable: false,
  wireguardAvailable: false,
};

/**
 * "Test connection" (spec §4.2.4 step 1): reads resource, identity, routerboard, the
 * WireGuard menu and the policies of the client's own user. Every failure becomes a status
 * with a typed error and a suggested fix; a user that can read but not write is `auth-failed`.
 */
export async function testConnectionImpl(client: RouterOsClient): Promise<ConnectionTestResult> {
  let resource: RouterOsRecord;
  try {
    resource = await client.resource();
  } catch (error) {
    return { ...EMPTY, status: statusOf(error), error: connectionError(error) };
  }
  const versionText = resource['version'] ?? '';
  const facts = {
    ...EMPTY,
    version: versionText || null,
    board: resource['board-name'] ?? null,
    uptime: resource['uptime'] ?? null,
    cpuLoadPercent: routerOsNumber(resource['cpu-load']),
    freeMemoryBytes: routerOsNumber(resource['free-memory']),
    totalMemoryBytes: routerOsNumber(resource['total-memory']),
    restAvailable: true,
  };
  const compatibility = checkRestCompatibility(versionText);
  if (!compatibility.compatible) {
    return { ...facts, status: 'incompatible', error: { code: compatibility.code, message: compatibility.message, suggestion: compatibility.suggestion } };
  }
  try {
    const identity = await client.identity();
    const board = await client.routerboard();
    const wireguardAvailable = await hasWireguard(client);
    const withBoard = { ...facts, identity, board: board?.['model'] ?? facts.board, wireguardAvailable };
    const policies = await missingDeployPolicies(client);
    if (policies && policies.missing.length > 0) {
      const lacking = policies.missing.join(', ');
      const denied = new RouterOsError('ROUTEROS.PERMISSION_DENIED', {
        message: `The router user "${client.username}" (group "${policies.group}") lacks the ${lacking} ${policies.missing.length === 1 ? 'policy' : 'policies'}; it can read the router but a deployment would fail at its first write.`,
      });
      return { ...withBoard, status: 'auth-failed', error: toEngineError(denied) };
    }
    if (!wireguardAvailable) {
      return {
        ...withBoard,
        status: 'incompatible',
        error: {
          code: 'ROUTEROS.INCOMPATIBLE_VERSION',
          message: `RouterOS ${versionText} has no /interface/wireguard menu.`,
          suggestion: 'Upgrade to a current RouterOS 7 release; WireGuard is built into every v7 release.',
        },
      };
    }
    return { ...withBoard, status: 'connected', error: null };
  } catch (error) {
    return { ...facts, status: statusOf(error), error: connectionError(error) };
  }
}

async function hasWireguard(client: RouterOsClient): Promise<boolean> {
  try {
    await client.list('/interface/wireguard', { proplist: ['name'] });
    return true;
  } catch (error) {
    if (error instanceof RouterOsError && error.code === 'ROUTEROS.INCOMPATIBLE_VERSION') return false;
    throw error;
  }
}

function statusOf(error: unknown): ConnectionStatus {
  if (!(error instanceof RouterOsError)) return 'unreachable';
  switch (error.code) {
    case 'ROUTEROS.AUTH_FAILED':
    case 'ROUTEROS.PERMISSION_DENIED':
      return 'auth-failed';
    // RouterOS 6 and routers without REST answer /rest with 404.
    case 'ROUTEROS.NOT_FOUND':
    case 'ROUTEROS.INCOMPATIBLE_VERSION':
      return 'incompatible';
    default:
      return 'unreachable';
  }
}

function connectionError(error: unknown): EngineError {
  if (error instanceof RouterOsError && error.code === 'ROUTEROS.NOT_FOUND') {
    return {
      code: 'ROUTEROS.INCOMPATIBLE_VERSION',
      message: 'The router answered, but has no REST API at /rest (RouterOS before 7.1, or the www-ssl service is not RouterOS).',
      suggestion: 'Upgrade the router to a current RouterOS 7 release and enable the www-ssl service.',
    };
  }
  return toEngineError(error);
}

/** Identity, version, load, memory and uptime for monitoring (spec §11.1). */
export async function readRouterHealthImpl(client: RouterOsClient): Promise<RouterHealth> {
  const resource = await client.resource();
  const identity = await client.identity();
  return {
    identity,
    version: resource['version'] ?? '',
    board: resource['board-name'] ?? null,
    cpuLoadPercent: routerOsNumber(resource['cpu-load']),
    freeMemoryBytes: routerOsNumber(resource['free-memory']),
    totalMemoryBytes: routerOsNumber(resource['total-memory']),
    uptime: resource['uptime'] ?? '',
    uptimeSeconds: routerOsDurationSeconds(resource['uptime']),
  };
}

/**
 * Handshake age, traffic and roaming endpoint per peer of one interface. `last-handshake` is
 * a duration and absent before the first handshake (ROUTEROS-REST.md §8).
 */
export async function readWireguardPeerStatsImpl(client: RouterOsClient, interfaceName: string): Promise<WireguardPeerStats[]> {
  const name = validateInterfaceName(interfaceName, 'interfaceName');
  const rows = await client.list('/interface/wireguard/peers', { filter: { interface: name } });
  return rows.map((row) => {
    const address = row['current-endpoint-address'];
    const port = routerOsNumber(row['current-endpoint-port']);
    return {
      publicKey: row['public-key'] ?? '',
      comment: row['comment'] ?? null,
      disabled: row['disabled'] === 'true',
      lastHandshakeSeconds: routerOsDurationSeconds(row['last-handshake']),
      rxBytes: routerOsNumber(row['rx']) ?? 0,
      txBytes: routerOsNumber(row['tx']) ?? 0,
      currentEndpoint: address && port !== null && port > 0 ? { address, port } : null,
    };
  });
}
