import type { DesiredState, LocalSubnet, Peer, PublishedService, TopologySnapshot, TopologyType, WireGuardKeyPair } from '@wom/domain';
import { compile, generateKeyPair } from '@wom/domain';
import { ExecaCommandRunner } from '../../src/linux/command-runner';
import type { ApplyResult, NftRecord } from '../../src/linux/linux-apply.service';
import { LinuxApplyService } from '../../src/linux/linux-apply.service';
import { linuxSystemPorts } from '../../src/linux/linux-system.adapters';
import type { LinuxSystemPorts } from '../../src/linux/linux-system.port';
import { Namespace, uniqueSuffix, veth } from './netns';

/**
 * Sites on a simulated internet: one namespace holds a bridge (the internet), each site is
 * a namespace with an uplink on it and a LAN namespace behind it.
 *
 *   lan0 192.168.10.10 ─ site0 198.51.100.1 ─┐
 *   lan1 192.168.20.10 ─ site1 198.51.100.2 ─┼─ internet (bridge)
 *   lan2 192.168.30.10 ─ site2 198.51.100.3 ─┘
 *
 * Labs that put this machine's own namespace on their internet (`hostOnInternet`) must each
 * use their own `internetPrefix`: two labs on one /24 would give the host two routes to the
 * same addresses while jest runs their suites side by side.
 */
export interface LabSite {
  readonly index: number;
  readonly peerId: string;
  readonly site: Namespace;
  readonly lan: Namespace;
  readonly uplinkIp: string;
  readonly lanCidr: string;
  readonly lanGateway: string;
  readonly lanHost: string;
  readonly tunnelIp: string;
  readonly interfaceName: string;
  readonly keys: WireGuardKeyPair;
  readonly ports: LinuxSystemPorts;
  nftRecord: NftRecord | null;
  applied: DesiredState | null;
}

export interface LabChanges {
  readonly topology?: TopologyType;
  readonly services?: readonly PublishedService[];
  readonly extraSubnets?: readonly LocalSubnet[];
  readonly keepalive?: ReadonlyMap<number, number>;
  /** LAN CIDR per site index, replacing the default one. */
  readonly lanCidrs?: ReadonlyMap<number, string>;
  readonly subnetOverrides?: (subnet: LocalSubnet) => LocalSubnet;
}

/**
 * One range per lab that shares the host's namespace: two documentation ranges (RFC 5737) and
 * one of the benchmarking range (RFC 2544). Not 192.0.2.0/24: sandboxes put their own uplink there.
 */
export type InternetPrefix = '198.51.100' | '203.0.113' | '198.18.0';

const WAN_ID = '00000000-0000-4000-8000-00000000a000';
const peerIdOf = (index: number) => `00000000-0000-4000-8001-${index.toString(16).padStart(12, '0')}`;
export const subnetIdOf = (index: number) => `00000000-0000-4000-8002-${index.toString(16).padStart(12, '0')}`;

export class SiteLab {
  private constructor(
    readonly internetPrefix: InternetPrefix,
    readonly internet: Namespace,
    readonly sites: readonly LabSite[],
  ) {}

  /** `lanCidrs` lets two sites share one LAN subnet (the NAT translation case). */
  static create(count: number, lanCidrs: ReadonlyMap<number, string> = new Map(), internetPrefix: InternetPrefix = '198.51.100'): SiteLab {
    const internet = Namespace.create('womi');
    const sites: LabSite[] = [];
    try {
      internet.ip('link', 'add', 'br0', 'type', 'bridge');
      internet.ip('link', 'set', 'br0', 'up');
      const suffix = uniqueSuffix();
      for (let i = 0; i < count; i++) {
        const site = Namespace.create(`woms${i}`);
        const lan = Namespace.create(`woml${i}`);
        const lanCidr = lanCidrs.get(i) ?? `192.168.${10 * (i + 1)}.0/24`;
        const lanPrefix = lanCidr.split('.').slice(0, 3).join('.');
        const uplinkIp = `${internetPrefix}.${i + 1}`;
        veth(site, 'up0', internet, `p${i}`);
        internet.ip('link', 'set', `p${i}`, 'master', 'br0');
        site.ip('addr', 'add', `${uplinkIp}/24`, 'dev', 'up0');
        veth(site, 'lan0', lan, 'eth0');
        site.ip('addr', 'add', `${lanPrefix}.1/24`, 'dev', 'lan0');
        lan.ip('addr', 'add', `${lanPrefix}.10/24`, 'dev', 'eth0');
        lan.ip('route', 'add', 'default', 'via', `${lanPrefix}.1`);
        sites.push({
          index: i,
          peerId: peerIdOf(i),
          site,
          lan,
          uplinkIp,
          lanCidr,
          lanGateway: `${lanPrefix}.1`,
          lanHost: `${lanPrefix}.10`,
          tunnelIp: `10.0.0.${i + 1}`,
          interfaceName: `wg${suffix}x${i}`,
          keys: generateKeyPair(),
          ports: linuxSystemPorts(new ExecaCommandRunner({ netns: site.name })),
          nftRecord: null,
          applied: null,
        });
      }
    } catch (error) {
      internet.dispose();
      sites.forEach((s) => [s.site, s.lan].forEach((n) => n.dispose()));
      throw error;
    }
    return new SiteLab(internetPrefix, internet, sites);
  }

  /** Site 0 is the hub; every site routes its LAN into the WAN. */
  snapshot(changes: LabChanges = {}): TopologySnapshot {
    const peers: Peer[] = this.sites.map((s) => ({
      id: s.peerId,
      wanId: WAN_ID,
      name: `site-${s.index}`,
      type: s.index === 0 ? 'hub' : 'server',
      publicKey: s.keys.publicKey,
      tunnelIp: s.tunnelIp,
      endpoint: `${s.uplinkIp}:51820`,
      listenPort: 51820,
      persistentKeepalive: changes.keepalive?.get(s.index) ?? null,
      tags: [],
      overrides: { interfaceName: s.interfaceName },
    }));
    const lanSubnets: LocalSubnet[] = this.sites.map((s) => ({
      id: subnetIdOf(s.index),
      peerId: s.peerId,
      cidr: s.lanCidr,
      isRouted: true,
      natEnabled: false,
      natTranslatedCidr: null,
    }));
    return {
      wan: { id: WAN_ID, name: 'lab', tunnelIpRange: '10.0.0.0/24', sharedServicesRange: '10.0.5.0/24', topologyType: changes.topology ?? 'mesh' },
      peers,
      subnets: [...lanSubnets.map(changes.subnetOverrides ?? ((subnet) => subnet)), ...(changes.extraSubnets ?? [])],
      services: changes.services ?? [],
      connections: [],
    };
  }

  stateOf(snapshot: TopologySnapshot, site: LabSite): DesiredState {
    const state = compile(snapshot).states.get(site.peerId);
    if (state === undefined) throw new Error(`site ${site.index} did not compile`);
    return state;
  }

  /** Applies one revision to every site whose state changed, as its agent would; returns each site's result. */
  async applyAll(snapshot: TopologySnapshot, revision: number, service: (site: LabSite) => LinuxApplyService = defaultService): Promise<ApplyResult[]> {
    const results: ApplyResult[] = [];
    for (const site of this.sites) {
      const state = this.stateOf(snapshot, site);
      if (site.applied?.contentHash === state.contentHash) continue;
      const outcome = await service(site).apply({ state, revision, privateKey: site.keys.privateKey, nftRecord: site.nftRecord });
      site.nftRecord = outcome.nftRecord;
      if (outcome.result.ok) site.applied = state;
      results.push(outcome.result);
    }
    return results;
  }

  dispose(): void {
    for (const s of this.sites) {
      s.lan.dispose();
      s.site.dispose();
    }
    this.internet.dispose();
  }
}

const defaultService = (site: LabSite) => new LinuxApplyService(site.ports);
