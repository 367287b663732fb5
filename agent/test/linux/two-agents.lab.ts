import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DesiredState, LocalSubnet, TopologySnapshot, WireGuardKeyPair } from '@wom/domain';
import { compile, generateKeyPair } from '@wom/domain';
import { instanceNftTable, renderNftables, renderNftTableRemoval, WOM_NFT_TABLE } from '@wom/renderers';
import { ExecaCommandRunner } from '../../src/linux/command-runner';
import type { ApplyResult } from '../../src/linux/linux-apply.service';
import { LinuxApplyService } from '../../src/linux/linux-apply.service';
import { linuxSystemPorts } from '../../src/linux/linux-system.adapters';
import type { LinuxSystemPorts } from '../../src/linux/linux-system.port';
import { AgentStateStore } from '../../src/state/agent-state.store';
import type { Namespace } from '../support/netns';
import { eventually, run } from '../support/netns';
import type { LabSite } from '../support/site-lab';
import { SiteLab } from '../support/site-lab';
import type { PhaseResult } from './phase-pings';
import { measurePings } from './phase-pings';

/**
 * Two agent instances on one box, each in its own WAN with its own remote site, as two
 * `wom-agent run --interface … --state-dir …` would be. Every LAN is 192.168.20.0/24, so in
 * each WAN both ends translate it: the box's LAN is 172.16.1.0/24 in WAN a and 172.17.1.0/24
 * in WAN b. Both instances NAT the same real network, each on its own interface.
 *
 *   box lan 192.168.20.10 ─ box ─┬─ wg…a (agent a, 51820) ══ remote a ─ lan 192.168.20.10 (seen as 172.16.2.10)
 *                                └─ wg…b (agent b, 51821) ══ remote b ─ lan 192.168.20.10 (seen as 172.17.2.10)
 *
 * The box also holds what belongs to nobody here: a `proto 87` route on its LAN interface and
 * a table `inet someone_else`, which must never change.
 */

const SHARED_LAN = '192.168.20.0/24';
export const FOREIGN_ROUTE = '172.31.9.0/24';
export const FOREIGN_TABLE = 'someone_else';
const FOREIGN_RULESET = `table inet ${FOREIGN_TABLE} {\n\tchain input {\n\t\ttype filter hook input priority 0; policy accept;\n\t\ttcp dport 22 counter accept\n\t}\n}\n`;

interface WanPlan {
  readonly label: 'a' | 'b';
  readonly wanId: string;
  readonly tunnelIpRange: string;
  readonly sharedServicesRange: string;
  readonly boxTunnelIp: string;
  readonly remoteTunnelIp: string;
  readonly boxTranslation: string;
  readonly remoteTranslation: string;
  readonly boxListenPort: number;
  /** Second octet of the extra subnets a revision adds: remote's, then the box's. */
  readonly extraOctet: number;
}

const WANS: readonly WanPlan[] = [
  { label: 'a', wanId: '00000000-0000-4000-8000-0000000ab0a1', tunnelIpRange: '10.0.1.0/24', sharedServicesRange: '10.0.5.0/24', boxTunnelIp: '10.0.1.1', remoteTunnelIp: '10.0.1.2', boxTranslation: '172.16.1.0/24', remoteTranslation: '172.16.2.0/24', boxListenPort: 51820, extraOctet: 10 },
  { label: 'b', wanId: '00000000-0000-4000-8000-0000000ab0b1', tunnelIpRange: '10.0.2.0/24', sharedServicesRange: '10.0.6.0/24', boxTunnelIp: '10.0.2.1', remoteTunnelIp: '10.0.2.2', boxTranslation: '172.17.1.0/24', remoteTranslation: '172.17.2.0/24', boxListenPort: 51821, extraOctet: 20 },
];

/** The LAN host behind a translation: 172.16.1.0/24 → 172.16.1.10. */
const hostIn = (translation: string) => `${translation.split('.').slice(0, 3).join('.')}.10`;

/** One agent instance on the box, with its own ports, state directory and remote site. */
export class AgentInstance {
  readonly keys: WireGuardKeyPair = generateKeyPair();
  readonly ports: LinuxSystemPorts;
  readonly store: AgentStateStore;
  /** The revision its desired state is at; each `applyRevision` moves it on. */
  revision = 0;

  constructor(
    readonly wan: WanPlan,
    readonly box: LabSite,
    readonly remote: LabSite,
    readonly interfaceName: string,
    stateDir: string,
  ) {
    this.ports = linuxSystemPorts(new ExecaCommandRunner({ netns: box.site.name }));
    this.store = new AgentStateStore(stateDir);
  }

  /** The instance's WAN; a revision above 1 adds one extra subnet on each side, so routes and the table change. */
  snapshot(revision: number): TopologySnapshot {
    const { wan } = this;
    const peer = (id: string, name: string, keys: WireGuardKeyPair, tunnelIp: string, host: string, port: number, interfaceName: string) => ({
      id,
      wanId: wan.wanId,
      name,
      type: 'server' as const,
      publicKey: keys.publicKey,
      tunnelIp,
      endpoint: `${host}:${port}`,
      listenPort: port,
      persistentKeepalive: null,
      tags: [],
      overrides: { interfaceName },
    });
    const subnet = (index: number, peerId: string, cidr: string, natTranslatedCidr: string | null): LocalSubnet => ({
      id: this.id('8003', index),
      peerId,
      cidr,
      isRouted: true,
      natEnabled: natTranslatedCidr !== null,
      natTranslatedCidr,
    });
    const [boxId, remoteId] = [this.peerId('box'), this.peerId('remote')];
    const extras = revision > 1 ? [subnet(3, remoteId, `10.${wan.extraOctet}.${revision}.0/24`, null), subnet(4, boxId, `10.${wan.extraOctet + 1}.${revision}.0/24`, null)] : [];
    return {
      wan: { id: wan.wanId, name: `two-agents-${wan.label}`, tunnelIpRange: wan.tunnelIpRange, sharedServicesRange: wan.sharedServicesRange, topologyType: 'mesh' },
      peers: [
        peer(boxId, `box-${wan.label}`, this.keys, wan.boxTunnelIp, this.box.uplinkIp, wan.boxListenPort, this.interfaceName),
        peer(remoteId, `remote-${wan.label}`, this.remote.keys, wan.remoteTunnelIp, this.remote.uplinkIp, 51820, this.remote.interfaceName),
      ],
      subnets: [subnet(1, boxId, SHARED_LAN, wan.boxTranslation), subnet(2, remoteId, SHARED_LAN, wan.remoteTranslation), ...extras],
      services: [],
      connections: [],
    };
  }

  state(side: 'box' | 'remote', revision = this.revision): DesiredState {
    const state = compile(this.snapshot(revision)).states.get(this.peerId(side));
    if (state === undefined) throw new Error(`${side} of WAN ${this.wan.label} did not compile`);
    return state;
  }

  /**
   * Moves both ends to `revision`, the remote first, as their agents would; the box side
   * applies with the record its state directory holds (`fromScratch`: with none, as a
   * restarted agent that lost it would) and records the outcome there, as `wom-agent run` does.
   */
  async applyRevision(revision: number, options: { fromScratch?: boolean; remote?: boolean } = {}): Promise<ApplyResult[]> {
    const results: ApplyResult[] = [];
    if (options.remote !== false) {
      const outcome = await new LinuxApplyService(this.remote.ports).apply({ state: this.state('remote', revision), revision, privateKey: this.remote.keys.privateKey, nftRecord: this.remote.nftRecord });
      this.remote.nftRecord = outcome.nftRecord;
      results.push(outcome.result);
    }
    const applied = options.fromScratch ? null : await this.store.readApplied();
    const state = this.state('box', revision);
    const outcome = await new LinuxApplyService(this.ports).apply({ state, revision, privateKey: this.keys.privateKey, nftRecord: applied?.nftRecord ?? null });
    if (outcome.result.ok) await this.store.writeApplied({ revision, state, nftRecord: outcome.nftRecord, appliedAtMs: outcome.result.finishedAtMs });
    this.revision = revision;
    results.push(outcome.result);
    return results;
  }

  /**
   * Leaves the box as an agent from before per-instance tables did: its rules in the shared
   * `inet wom` (the script it rendered, loaded as it loaded it) and an applied record
   * without a table name. Its own table goes in the same transaction, so the translation
   * never lapses.
   */
  async becomeLegacy(): Promise<void> {
    const state = this.state('box');
    const script = renderNftables(state);
    await this.ports.nft.applyRuleset(`${script}${renderNftTableRemoval(instanceNftTable(this.interfaceName))}`);
    const listing = await this.ports.nft.readTable(WOM_NFT_TABLE);
    if (listing === null) throw new Error('the legacy table did not load');
    const nftRecord = { scriptDigest: createHash('sha256').update(script).digest('hex'), listing };
    await this.store.writeApplied({ revision: this.revision, state, nftRecord, appliedAtMs: Date.now() });
  }

  /** The box's LAN host as the remote site reaches it, through the instance's translation. */
  get boxHostFromRemote(): string {
    return hostIn(this.wan.boxTranslation);
  }

  /** The remote LAN host as the box's LAN reaches it, leaving through the instance's translation. */
  get remoteHostFromBox(): string {
    return hostIn(this.wan.remoteTranslation);
  }

  private peerId(side: 'box' | 'remote'): string {
    return this.id('8001', side === 'box' ? 1 : 2);
  }

  /** Ids in the shape the control plane gives them, unique per WAN. */
  private id(kind: string, index: number): string {
    return `00000000-0000-4000-${kind}-0000000ab${this.wan.label}${index.toString().padStart(2, '0')}`;
  }
}

export class TwoAgentLab {
  private constructor(
    private readonly sites: SiteLab,
    readonly a: AgentInstance,
    readonly b: AgentInstance,
    private readonly stateDirs: readonly string[],
  ) {}

  /** Builds the namespaces, the foreign route and table; the agents are left for the spec to install. */
  static create(): TwoAgentLab {
    const sites = SiteLab.create(3, new Map([0, 1, 2].map((i) => [i, SHARED_LAN])));
    const box = sites.sites[0]!;
    const stateDirs = WANS.map((wan) => mkdtempSync(join(tmpdir(), `wom-two-agents-${wan.label}-`)));
    const [a, b] = WANS.map((wan, i) => new AgentInstance(wan, box, sites.sites[i + 1]!, `${box.interfaceName}${wan.label}`, stateDirs[i]!));
    const lab = new TwoAgentLab(sites, a!, b!, stateDirs);
    try {
      box.site.ip('route', 'add', FOREIGN_ROUTE, 'dev', 'lan0', 'proto', '87');
      run('ip', ['netns', 'exec', box.site.name, 'nft', '-f', '-'], FOREIGN_RULESET);
    } catch (error) {
      lab.dispose();
      throw error;
    }
    return lab;
  }

  get box(): LabSite {
    return this.a.box;
  }

  /** `nft` on the box, as the agent runs it. */
  nft(...args: string[]): string {
    return this.box.site.exec('nft', args);
  }

  /** What must never change: the foreign route and table, exactly as the box lists them. */
  foreignState(): { route: string; table: string } {
    return { route: this.box.site.ip('route', 'show', FOREIGN_ROUTE), table: this.nft('-s', 'list', 'table', 'inet', FOREIGN_TABLE) };
  }

  /**
   * Where each instance's ping runs: a's from its remote LAN into the box's translation (the
   * box's prerouting DNAT in a's table), b's from the box's LAN out through its translation
   * (the box's postrouting SNAT in b's table). Each only works while its own rules do.
   */
  pingPath(instance: AgentInstance): { from: Namespace; to: string } {
    return instance === this.a ? { from: instance.remote.lan, to: instance.boxHostFromRemote } : { from: this.box.lan, to: instance.remoteHostFromBox };
  }

  /** Up to 60 tries (over a minute on a loaded machine): handshakes and ARP may take a while. */
  reachable(instance: AgentInstance): Promise<boolean> {
    const { from, to } = this.pingPath(instance);
    return eventually(() => from.succeeds('ping', ['-c', '1', '-W', '1', to]), 60);
  }

  /** Measures a phase through `pinged`'s translation (see {@link measurePings}) and keeps the result for the report. */
  async measure(phase: string, pinged: AgentInstance, action: () => Promise<void>): Promise<PhaseResult> {
    if (!(await this.reachable(pinged))) throw new Error(`${phase}: no path through agent ${pinged.wan.label} before the phase`);
    const { from, to } = this.pingPath(pinged);
    return measurePings(phase, from, to, action, (result) => this.phases.push(result));
  }

  /** Every phase measured so far: pings sent and lost. */
  readonly phases: PhaseResult[] = [];

  /** One line per phase, for the spec's log. */
  report(title: string): string {
    return [`${title}, pings per phase:`, ...this.phases.map((p) => `  ${p.phase}: sent ${p.sent}, lost ${p.lost.length}; new flows ${p.freshFlows.sent}, failed ${p.freshFlows.failed}`)].join('\n');
  }

  /** `inet …` tables on the box, sorted. */
  tables(): string[] {
    return this.nft('list', 'tables').trim().split('\n').filter(Boolean).sort();
  }

  dispose(): void {
    this.sites.dispose();
    for (const dir of this.stateDirs) rmSync(dir, { recursive: true, force: true });
  }
}
