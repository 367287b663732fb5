import { compareRow, type DesiredRow, type RouterOsRow } from '@wom/renderers';
import { RouterOsError } from '../client/errors';
import type { RouterOsClient } from '../client/routeros-client';
import type { DesiredConfig, VerificationCheck, VerificationReport, VerifyOptions } from './engine.types';
import type { ResolvedConfig } from './desired-config';

/**
 * Spec §4.2.7 after apply. Critical checks (interface running, every peer present with its
 * allowed addresses, every route present) failing means the config does not work, so the
 * caller rolls back; ping and handshake only show whether remotes answer yet, which a fresh
 * deployment can't promise, so they make a partial success at worst.
 */
export async function verifyDeployment(
  client: RouterOsClient,
  desired: DesiredConfig,
  config: ResolvedConfig,
  options: VerifyOptions = {},
): Promise<{ report: VerificationReport; interfacePublicKey: string | null }> {
  if ('removed' in desired) return { report: { passed: true, checks: [] }, interfacePublicKey: null };
  const rows = (menu: DesiredRow['menu']): DesiredRow[] => config.rows.filter((row) => row.menu === menu);
  const checks: VerificationCheck[] = [];
  const name = desired.interface.name;

  const [iface] = await client.list('/interface/wireguard', { filter: { name } });
  const running = iface?.['running'] === 'true';
  checks.push({ name: 'interface-running', critical: true, passed: running, detail: iface ? `${name} running=${iface['running'] ?? 'absent'}` : `${name} is missing` });

  const peers = await client.list('/interface/wireguard/peers', { filter: { interface: name } });
  checks.push(presence('peers-present', rows('/interface/wireguard/peers'), peers, ['public-key', 'allowed-address']));

  const routes = await client.list('/ip/route');
  checks.push(presence('routes-present', rows('/ip/route'), routes, ['dst-address', 'gateway']));

  if (options.ping) {
    const count = options.ping.count ?? 3;
    const addresses = options.ping.addresses ?? desired.peers.map((peer) => peer.allowedIps[0]?.replace(/\/32$/, '') ?? '').filter(Boolean);
    checks.push(await pingCheck(client, addresses, count));
  }
  if (options.requireHandshake) {
    const keys = new Set(desired.peers.map((peer) => peer.publicKey));
    const quiet = peers.filter((peer) => keys.has(peer['public-key'] ?? '') && !peer['last-handshake']).length;
    checks.push({ name: 'handshake', critical: false, passed: quiet === 0, detail: `${keys.size - quiet} of ${keys.size} peer(s) have completed a handshake` });
  }
  // The router generated the private key when it created the interface; only the public half leaves it.
  return { report: { passed: checks.every((check) => check.passed), checks }, interfacePublicKey: iface?.['public-key'] ?? null };
}

/**
 * Pings each tunnel address. A user without the `test` policy can deploy but not ping
 * (ROUTEROS-REST.md §6 answers it `not enough permissions`); like a silent remote, that only
 * makes this non-critical check fail instead of rolling a working deployment back.
 */
async function pingCheck(client: RouterOsClient, addresses: readonly string[], count: number): Promise<VerificationCheck> {
  const silent: string[] = [];
  try {
    for (const address of addresses) if ((await client.ping(address, count)).received === 0) silent.push(address);
  } catch (error) {
    if (!(error instanceof RouterOsError) || error.code !== 'ROUTEROS.PERMISSION_DENIED') throw error;
    return { name: 'ping', critical: false, passed: false, detail: 'not run: the router user lacks the test policy' };
  }
  return {
    name: 'ping',
    critical: false,
    passed: silent.length === 0,
    detail: silent.length === 0 ? `${addresses.length} tunnel address(es) answered ${count} ping(s)` : `no answer from ${silent.join(', ')}`,
  };
}

/** Every desired row is on the router, by comment, with `fields` meaning what we asked for. */
function presence(name: VerificationCheck['name'], wanted: readonly DesiredRow[], actual: readonly RouterOsRow[], fields: readonly string[]): VerificationCheck {
  const wrong = wanted.filter((row) => {
    const found = actual.find((candidate) => candidate['comment'] === row.comment);
    return !found || compareRow(row, found).some((mismatch) => fields.includes(mismatch.field));
  });
  return {
    name,
    critical: true,
    passed: wrong.length === 0,
    detail: wrong.length === 0 ? `${wanted.length} present as planned` : `missing or different: ${wrong.map((row) => row.label).join('; ')}`,
  };
}
