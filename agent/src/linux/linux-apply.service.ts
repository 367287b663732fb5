import type { DesiredState } from '@wom/domain';
import { describeNftTable, renderNftTableRemoval } from '@wom/renderers';
import { diffAddresses, diffRoutes } from './address-route.diff';
import type { LinuxSystemPorts } from './linux-system.port';
import type { NftRecord, PreviousTable } from './nft-table.plan';
import { inspectPreviousTable, recordVouchesFor } from './nft-table.plan';
import type { PreparedState } from './prepared-state';
import { prepareState } from './prepared-state';
import { diffInterfaceSettings, diffWireGuardPeers } from './wireguard-peer.diff';

export type ApplyStepName = 'validate' | 'interface' | 'wireguard' | 'addresses' | 'routes' | 'nftables' | 'forwarding';

export interface ApplyStepResult {
  readonly name: ApplyStepName;
  readonly ok: boolean;
  /** True when the step found the system already as desired and changed nothing. */
  readonly unchanged: boolean;
  readonly durationMs: number;
  readonly message: string;
}

export interface ApplyResult {
  readonly revision: number;
  readonly ok: boolean;
  readonly failedStep: ApplyStepName | null;
  readonly error: string | null;
  readonly steps: readonly ApplyStepResult[];
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
}

export type { NftRecord } from './nft-table.plan';

export interface ApplyInput {
  readonly state: DesiredState;
  readonly revision: number;
  /** The agent's own key; it is written to the device and goes nowhere else. */
  readonly privateKey: string;
  readonly nftRecord: NftRecord | null;
}

export interface ApplyOutcome {
  readonly result: ApplyResult;
  /** The table as loaded; the previous record when the step did not run or did not change it. */
  readonly nftRecord: NftRecord | null;
}

interface StepOutcome {
  readonly changed: boolean;
  readonly message: string;
}

const FORWARDING_KEY = 'net.ipv4.ip_forward';

/**
 * Brings a Linux box to one desired state without disturbing its traffic: every step reads
 * what is there and changes only what differs. The interface is created once and never
 * recreated; peers are edited one by one with `wg set` (never `wg syncconf`, which makes
 * wireguard-go rebind its socket); addresses and our marked routes on our interface are added
 * before stale ones are removed; the instance's own nftables table (`inet wom_<interface>`) is
 * swapped in one `nft -f` transaction. Nothing another agent instance or tool owns is touched.
 * Applying the same state twice changes nothing the second time.
 */
export class LinuxApplyService {
  constructor(
    private readonly ports: LinuxSystemPorts,
    private readonly now: () => number = Date.now,
  ) {}

  async apply(input: ApplyInput): Promise<ApplyOutcome> {
    const startedAtMs = this.now();
    const steps: ApplyStepResult[] = [];
    let nftRecord = input.nftRecord;
    const finish = (failed: ApplyStepName | null, error: string | null): ApplyOutcome => ({
      result: { revision: input.revision, ok: failed === null, failedStep: failed, error, steps, startedAtMs, finishedAtMs: this.now() },
      nftRecord,
    });
    const step = async (name: ApplyStepName, body: () => Promise<StepOutcome>): Promise<boolean> => {
      const started = this.now();
      try {
        const outcome = await body();
        steps.push({ name, ok: true, unchanged: !outcome.changed, durationMs: this.now() - started, message: outcome.message });
        return true;
      } catch (error) {
        steps.push({ name, ok: false, unchanged: false, durationMs: this.now() - started, message: errorMessage(error) });
        return false;
      }
    };

    let prepared: PreparedState | undefined;
    const run: [ApplyStepName, () => Promise<StepOutcome>][] = [
      ['validate', async () => ((prepared = await prepareState(input.state, this.ports.resolver)), { changed: false, message: 'desired state is valid' })],
      ['interface', () => this.ensureInterface(prepared!)],
      ['wireguard', () => this.applyWireGuard(prepared!, input.privateKey)],
      ['addresses', () => this.applyAddresses(prepared!)],
      ['routes', () => this.applyRoutes(prepared!)],
      [
        'nftables',
        async () => {
          const outcome = await this.applyNftables(prepared!, nftRecord);
          nftRecord = outcome.record;
          return outcome;
        },
      ],
      ['forwarding', () => this.enableForwarding()],
    ];
    for (const [name, body] of run) {
      if (!(await step(name, body))) return finish(name, `${name}: ${steps[steps.length - 1]!.message}`);
    }
    return finish(null, null);
  }

  private async ensureInterface(prepared: PreparedState): Promise<StepOutcome> {
    const name = prepared.interfaceName;
    let created = '';
    if ((await this.ports.wireguard.readDevice(name)) === null) {
      if ((await this.ports.network.readLink(name)) !== null) {
        throw new Error(`a link named ${name} exists and is not a WireGuard device; rename it or choose another interface name`);
      }
      created = `created ${name} (${await this.ports.wireguard.createInterface(name)}); `;
    }
    const link = await this.ports.network.readLink(name);
    if (link === null) throw new Error(`${name} disappeared right after it was created`);
    const mtuDiffers = prepared.mtu !== null && link.mtu !== prepared.mtu;
    if (!link.up || mtuDiffers) await this.ports.network.setLink(name, { mtu: mtuDiffers ? prepared.mtu : null });
    const changed = created !== '' || !link.up || mtuDiffers;
    return { changed, message: changed ? `${created}link up${mtuDiffers ? `, mtu ${prepared.mtu}` : ''}` : `${name} is up` };
  }

  private async applyWireGuard(prepared: PreparedState, privateKey: string): Promise<StepOutcome> {
    const name = prepared.interfaceName;
    const device = await this.ports.wireguard.readDevice(name);
    if (device === null) throw new Error(`${name} is not a WireGuard device`);
    const settings = diffInterfaceSettings({ privateKey, listenPort: prepared.listenPort }, device);
    if (settings.privateKey !== null) await this.ports.wireguard.setPrivateKey(name, settings.privateKey);
    if (settings.listenPort !== null) await this.ports.wireguard.setListenPort(name, settings.listenPort);
    const changes = diffWireGuardPeers(prepared.peers, device.peers);
    await this.ports.wireguard.applyPeerChanges(name, changes);
    const count = (kind: string) => changes.filter((change) => change.kind === kind).length;
    const parts = [
      settings.privateKey !== null ? 'private key set' : '',
      settings.listenPort !== null ? `listen port ${settings.listenPort}` : '',
      changes.length > 0 ? `peers +${count('add')} ~${count('update')} -${count('remove')}` : '',
    ].filter(Boolean);
    return { changed: parts.length > 0, message: parts.join(', ') || `${prepared.peers.length} peers as desired` };
  }

  private async applyAddresses(prepared: PreparedState): Promise<StepOutcome> {
    const name = prepared.interfaceName;
    const changes = diffAddresses(prepared.addresses, await this.ports.network.readAddresses(name));
    for (const cidr of changes.add) await this.ports.network.addAddress(name, cidr);
    for (const cidr of changes.remove) await this.ports.network.removeAddress(name, cidr);
    const changed = changes.add.length + changes.remove.length > 0;
    return { changed, message: changed ? `addresses +${changes.add.join(',')} -${changes.remove.join(',')}` : 'addresses as desired' };
  }

  private async applyRoutes(prepared: PreparedState): Promise<StepOutcome> {
    const changes = diffRoutes(prepared.routes, prepared.interfaceName, await this.ports.network.readOwnedRoutes(prepared.interfaceName));
    await this.ports.network.addRoutes(changes.add, prepared.interfaceName);
    await this.ports.network.removeRoutes(changes.remove);
    const changed = changes.add.length + changes.remove.length > 0;
    return { changed, message: changed ? `routes +${changes.add.length} -${changes.remove.length}` : `${prepared.routes.length} routes as desired` };
  }

  /**
   * Loads the instance's own table. A table the record names under another name (the shared
   * `inet wom` of an older agent) is removed in the same transaction when it is still exactly
   * as this instance loaded it, so traffic passes from the old rules to the new with no gap.
   */
  private async applyNftables(prepared: PreparedState, record: NftRecord | null): Promise<StepOutcome & { record: NftRecord }> {
    const own = prepared.nftTable;
    const name = `table ${describeNftTable(own)}`;
    if (recordVouchesFor(record, own, prepared.nftDigest, await this.ports.nft.readTable(own))) {
      return { changed: false, message: `${name} as desired`, record };
    }
    const previous = await inspectPreviousTable(this.ports.nft, own, record);
    const retire = previous.action === 'retire' ? renderNftTableRemoval(previous.table) : '';
    await this.ports.nft.applyRuleset(`${prepared.nftScript}${retire}`);
    const listing = await this.ports.nft.readTable(own);
    if (listing === null) throw new Error(`nft -f succeeded but ${name} is not there`);
    const loaded: NftRecord = { table: own, scriptDigest: prepared.nftDigest, listing };
    return { changed: true, message: `${name} loaded${previousTableNote(previous)}`, record: loaded };
  }

  private async enableForwarding(): Promise<StepOutcome> {
    if ((await this.ports.sysctl.read(FORWARDING_KEY)) === '1') return { changed: false, message: 'IPv4 forwarding on' };
    await this.ports.sysctl.write(FORWARDING_KEY, '1');
    return { changed: true, message: 'IPv4 forwarding turned on' };
  }
}

function previousTableNote(previous: PreviousTable): string {
  if (previous.action === 'none') return '';
  const name = `table ${describeNftTable(previous.table)}`;
  if (previous.action === 'retire') return `; removed ${name}, which this agent loaded before`;
  return previous.reason === 'absent' ? '' : `; left ${name} alone: it changed since this agent loaded it`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
