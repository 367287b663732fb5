import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  AddressPool,
  assignNatTranslation,
  compile,
  detectConflicts,
  generateKeyPair,
  isDomainError,
  parseEndpoint,
  validateCidr,
  validateDnsServers,
  validateName,
  validatePort,
  type LocalSubnet,
  type Peer,
  type PeerType,
  type PublishedService,
  type TopologySnapshot,
  type TopologyType,
} from '@wom/domain';
import { renderNftables, renderRouterOsScript, renderWgQuick } from '@wom/renderers';

/**
 * Compiles a WAN described in a JSON file and writes every device's configuration:
 * wg-quick files (with a generated private key) for config-file peers, an nftables ruleset
 * for Linux peers, and a RouterOS script for MikroTik peers.
 *
 *   npx tsx scripts/render-wan.ts examples/acme-wan.json data/out
 */

interface WanFile {
  wan: { name: string; tunnelIpRange?: string; sharedServicesRange?: string; topologyType: TopologyType };
  peers: {
    name: string;
    type: PeerType;
    endpoint?: string;
    publicKey?: string;
    dns?: string[];
    subnets?: { cidr: string; routed?: boolean; nat?: boolean }[];
    services?: { name: string; localIp: string; localPort: number; sharedPort: number; protocol: 'tcp' | 'udp' | 'both' }[];
  }[];
}

/** Stable ids from names, so re-running gives byte-identical files. */
function stableId(...parts: string[]): string {
  const hex = createHash('sha256').update(parts.join('\0')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function buildSnapshot(file: WanFile): { snapshot: TopologySnapshot; privateKeys: Map<string, string> } {
  const wanId = stableId('wan', file.wan.name);
  const tunnelIpRange = validateCidr(file.wan.tunnelIpRange ?? '10.0.0.0/24', 'wan.tunnelIpRange');
  const sharedServicesRange = validateCidr(file.wan.sharedServicesRange ?? '10.0.5.0/24', 'wan.sharedServicesRange');
  const tunnelPool = new AddressPool(tunnelIpRange);
  const sharedPool = new AddressPool(sharedServicesRange);
  const privateKeys = new Map<string, string>();
  const peers: Peer[] = [];
  const subnets: LocalSubnet[] = [];
  const services: PublishedService[] = [];
  file.peers.forEach((input, index) => {
    const field = `peers[${index}]`;
    const id = stableId(wanId, 'peer', input.name);
    let publicKey = input.publicKey ?? null;
    if (!publicKey) {
      const pair = generateKeyPair();
      privateKeys.set(id, pair.privateKey);
      publicKey = pair.publicKey;
    }
    const endpoint = input.endpoint ? parseEndpoint(input.endpoint, `${field}.endpoint`) : null;
    peers.push({
      id,
      wanId,
      name: validateName(input.name, `${field}.name`),
      type: input.type,
      publicKey,
      tunnelIp: tunnelPool.allocate(),
      endpoint: input.endpoint ?? null,
      listenPort: endpoint?.port ?? null,
      persistentKeepalive: null,
      tags: [],
      overrides: input.dns ? { dns: validateDnsServers(input.dns, `${field}.dns`) } : undefined,
    });
    (input.subnets ?? []).forEach((subnet, s) => {
      subnets.push({
        id: stableId(id, 'subnet', subnet.cidr),
        peerId: id,
        cidr: validateCidr(subnet.cidr, `${field}.subnets[${s}].cidr`),
        isRouted: subnet.routed ?? true,
        natEnabled: subnet.nat ?? false,
        natTranslatedCidr: null,
      });
    });
    (input.services ?? []).forEach((service, s) => {
      services.push({
        id: stableId(id, 'service', service.name),
        peerId: id,
        name: validateName(service.name, `${field}.services[${s}].name`),
        localIp: service.localIp,
        localPort: validatePort(service.localPort, `${field}.services[${s}].localPort`),
        sharedIp: sharedPool.allocate(),
        sharedPort: validatePort(service.sharedPort, `${field}.services[${s}].sharedPort`),
        protocol: service.protocol,
        isActive: true,
      });
    });
  });
  // NAT translations are assigned in file order, each avoiding everything already in use.
  const inUse = [tunnelIpRange, sharedServicesRange, ...subnets.map((s) => s.cidr)];
  const translated = subnets.map((subnet) => {
    if (!subnet.natEnabled) return subnet;
    const natTranslatedCidr = assignNatTranslation(subnet.cidr, inUse);
    inUse.push(natTranslatedCidr);
    return { ...subnet, natTranslatedCidr };
  });
  const wan = { id: wanId, name: validateName(file.wan.name, 'wan.name'), tunnelIpRange, sharedServicesRange, topologyType: file.wan.topologyType };
  return { snapshot: { wan, peers, subnets: translated, services, connections: [] }, privateKeys };
}

function writeSecret(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600);
}

function main(): void {
  const [input = 'examples/acme-wan.json', outDir = 'data/out'] = process.argv.slice(2);
  const file = JSON.parse(readFileSync(resolve(input), 'utf8')) as WanFile;
  const { snapshot, privateKeys } = buildSnapshot(file);
  const names = new Map(snapshot.peers.map((peer) => [peer.id, peer.name]));
  const conflicts = detectConflicts({ ...snapshot.wan, subnets: snapshot.subnets, peerNames: names });
  if (conflicts.length > 0) {
    for (const conflict of conflicts) console.error(`${conflict.severity}: ${conflict.message} (options: ${conflict.resolutions.join(', ')})`);
    console.error('Resolve these conflicts in the WAN file (for example "nat": true on a subnet), then run again.');
    process.exitCode = 1;
    return;
  }
  const { states, issues } = compile(snapshot);
  rmSync(outDir, { recursive: true, force: true });
  const generatedAt = new Date().toISOString();
  for (const peer of snapshot.peers) {
    const state = states.get(peer.id)!;
    const dir = join(outDir, peer.name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const written = [`${state.interface.name}.conf`];
    writeSecret(join(dir, written[0]!), renderWgQuick(state, { privateKey: privateKeys.get(peer.id), generatedAt }));
    if (peer.type !== 'mikrotik' && peer.type !== 'client') {
      writeFileSync(join(dir, 'wom.nft'), renderNftables(state));
      written.push('wom.nft');
    }
    if (peer.type === 'mikrotik') {
      writeSecret(join(dir, 'wan-overlay.rsc'), renderRouterOsScript(state, { generatedAt, privateKey: privateKeys.get(peer.id) }));
      written.push('wan-overlay.rsc');
    }
    console.log(`${peer.name.padEnd(16)} ${peer.type.padEnd(15)} ${peer.tunnelIp.padEnd(12)} ${state.peers.length} peer(s)  ${written.join(', ')}`);
  }
  for (const issue of issues) console.warn(`note: ${issue.message}`);
  console.log(`\n${snapshot.peers.length} peers of "${snapshot.wan.name}" (${snapshot.wan.topologyType}) written to ${outDir}/`);
}

try {
  main();
} catch (error) {
  if (!isDomainError(error)) throw error;
  console.error(`${error.details.field ?? 'input'}: ${error.message} [${error.code}]`);
  process.exitCode = 1;
}
