import type { DesiredState } from '@wom/domain';
import { commentSafe } from '../text';
import type { NftablesModel } from './nftables-model.builder';
import { buildNftablesModel } from './nftables-model.builder';
import type { ChainDeclaration, SetDeclaration } from './nftables-syntax.util';
import { declareChain, declareSet, indent, quoted } from './nftables-syntax.util';
import type { NftTable } from './nftables-table';
import { describeNftTable, validateNftTable, WOM_NFT_TABLE } from './nftables-table';

/**
 * Renders the `nft -f` script for a Linux peer: forwarding between the WAN and the local
 * networks it shares, port forwards to published services (spec §4.3.2) and 1:1 prefix
 * translation of conflicting subnets (spec §4.4.3). The script replaces `table` (by default
 * `inet wom`; an agent passes its own, see `instanceNftTable`) in one transaction and names no
 * other table, so it is safe to apply again and again. Every rule that drops or translates
 * names the peer's interface, so two such tables on one box never act on each other's traffic.
 *
 * @example execFile('nft', ['-f', '-'], { input: renderNftables(state, instanceNftTable(state.interface.name)) })
 */
export function renderNftables(state: DesiredState, table: NftTable = WOM_NFT_TABLE): string {
  const declaration = tableDeclaration(table);
  const model = buildNftablesModel(state);
  const sets = [...filterSets(model), ...natMaps(model)];
  const chains = [forwardChain(model), preroutingChain(model), postroutingChain(model)].filter(
    (chain): chain is ChainDeclaration => chain !== null,
  );
  const body = [...sets.map(declareSet), ...chains.map(declareChain)].flatMap((block, index) => (index === 0 ? block : ['', ...block]));
  const lines = [
    `# WAN Overlay Manager: nftables ruleset for ${commentSafe(state.peerName)}`,
    `# Peer ID: ${commentSafe(state.peerId)}`,
    `# Content hash: ${commentSafe(state.contentHash)}`,
    `# Apply with nft -f. It replaces ${declaration} and leaves every other table alone.`,
    '',
    '# nft -f runs the whole file as one transaction: the old table is swapped for the new one',
    '# with no moment in between without rules. Declaring the table first lets the delete',
    '# succeed on a host that does not have it yet.',
    ...emptiedAndDeleted(declaration),
    '',
    `${declaration} {`,
    ...indent(body),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Statements that delete `table` inside the `nft -f` transaction they are appended to, so an
 * agent moving to a new table drops the old one in the same step: there is never a moment with
 * both tables translating, nor one with neither.
 */
export function renderNftTableRemoval(table: NftTable): string {
  const declaration = tableDeclaration(table);
  return [`# Removes ${declaration} in the same transaction.`, ...emptiedAndDeleted(declaration), ''].join('\n');
}

/** `table inet wom`, from a table that passed the validator. */
function tableDeclaration(table: NftTable): string {
  return `table ${describeNftTable(validateNftTable(table, 'table'))}`;
}

/** Declaring an empty table before deleting it makes the delete succeed whether or not it exists. */
function emptiedAndDeleted(declaration: string): string[] {
  return [`${declaration} {`, '}', `delete ${declaration}`];
}

function filterSets(model: NftablesModel): SetDeclaration[] {
  return [
    {
      kind: 'set',
      name: 'local_destinations',
      why: 'Local networks the WAN may reach through this peer, by their real addresses.',
      type: 'ipv4_addr',
      interval: true,
      elements: model.localDestinations,
    },
    {
      kind: 'set',
      name: 'service_hosts',
      why: 'Local hosts behind published services.',
      type: 'ipv4_addr',
      interval: false,
      elements: model.serviceHosts,
    },
  ];
}

/** NAT maps appear only when used, so a peer without NAT never loads the NAT hooks. */
function natMaps(model: NftablesModel): SetDeclaration[] {
  const maps: SetDeclaration[] = [];
  if (model.serviceDnat.length > 0) {
    maps.push({
      kind: 'map',
      name: 'service_dnat',
      why: 'Published services: protocol . shared address . shared port -> local address . local port.',
      type: 'inet_proto . ipv4_addr . inet_service : ipv4_addr . inet_service',
      interval: false,
      elements: model.serviceDnat.map((e) => `${e.protocol} . ${e.sharedIp} . ${e.sharedPort} : ${e.localIp} . ${e.localPort}`),
    });
    maps.push({
      kind: 'map',
      name: 'service_snat',
      why: 'Connections a service host opens into the WAN come from its shared address.',
      type: 'ipv4_addr : ipv4_addr',
      interval: false,
      elements: model.serviceSnat.map((pair) => `${pair.from} : ${pair.to}`),
    });
  }
  if (model.netmapIn.length > 0) {
    const prefixMap = { kind: 'map', type: 'ipv4_addr : interval ipv4_addr', interval: true } as const;
    maps.push({
      ...prefixMap,
      name: 'netmap_in',
      why: 'Translated network -> real network, for traffic arriving from the WAN.',
      elements: model.netmapIn.map((pair) => `${pair.from} : ${pair.to}`),
    });
    maps.push({
      ...prefixMap,
      name: 'netmap_out',
      why: 'Real network -> translated network, for traffic leaving into the WAN.',
      elements: model.netmapOut.map((pair) => `${pair.from} : ${pair.to}`),
    });
  }
  return maps;
}

function forwardChain(model: NftablesModel): ChainDeclaration {
  const wg = quoted(model.interfaceName);
  const rules = [
    'ct state established,related accept',
    '# Runs after prerouting, so translated and forwarded traffic carries real addresses here.',
    `iifname ${wg} ip daddr @local_destinations accept`,
    `iifname ${wg} ct status dnat accept`,
    `oifname ${wg} ip saddr @local_destinations accept`,
    `oifname ${wg} ip saddr @service_hosts accept`,
  ];
  if (model.relay) rules.push('# This peer relays between other peers (a hub).', `iifname ${wg} oifname ${wg} accept`);
  rules.push(
    '# Overlay traffic nothing above allows stops here; traffic on other interfaces is not ours.',
    `iifname ${wg} counter drop`,
    `oifname ${wg} counter drop`,
  );
  return {
    name: 'forward',
    why: [
      'Every base chain on a hook sees each packet, and a packet must pass all of them: an accept',
      'here cannot override another table, and a drop here would hit everyone. So the policy is',
      'accept and the only drops are for packets entering or leaving the overlay interface.',
    ],
    hook: 'type filter hook forward priority filter; policy accept;',
    rules,
  };
}

function preroutingChain(model: NftablesModel): ChainDeclaration | null {
  const wg = quoted(model.interfaceName);
  const rules: string[] = [];
  // A published service is more specific than a translated network, so it is tried first.
  if (model.serviceDnat.length > 0) rules.push(`iifname ${wg} dnat ip to meta l4proto . ip daddr . th dport map @service_dnat`);
  if (model.netmapIn.length > 0) rules.push(`iifname ${wg} dnat ip prefix to ip daddr map @netmap_in`);
  if (rules.length === 0) return null;
  return {
    name: 'prerouting',
    why: ['Traffic from the WAN to shared and translated addresses goes to the real local ones.'],
    hook: 'type nat hook prerouting priority dstnat; policy accept;',
    rules,
  };
}

function postroutingChain(model: NftablesModel): ChainDeclaration | null {
  const wg = quoted(model.interfaceName);
  const rules: string[] = [];
  if (model.serviceSnat.length > 0) rules.push(`oifname ${wg} snat ip to ip saddr map @service_snat`);
  if (model.netmapOut.length > 0) rules.push(`oifname ${wg} snat ip prefix to ip saddr map @netmap_out`);
  if (rules.length === 0) return null;
  return {
    name: 'postrouting',
    why: ['Connections opened from local hosts into the WAN leave with their shared or translated address.'],
    hook: 'type nat hook postrouting priority srcnat; policy accept;',
    rules,
  };
}
