import { instanceNftTable } from '@wom/renderers';
import type { ApplyOutcome, NftRecord } from '../linux/linux-apply.service';
import type { LinuxSystemPorts } from '../linux/linux-system.port';
import type { PreparedState } from '../linux/prepared-state';
import type { DriftItem, SystemObservation } from './drift.detector';
import { detectDrift } from './drift.detector';

/**
 * What the agent does about drift: `report` only tells the control plane; `reconcile`
 * also applies the applied revision again, which converges everything the instance owns (the
 * interface, its peers and addresses, the routes with our marker on it, its own table
 * `inet wom_<interface>`) and nothing else.
 */
export type DriftPolicy = 'report' | 'reconcile';

export const DRIFT_POLICIES: readonly DriftPolicy[] = ['report', 'reconcile'];

export interface DriftCheck {
  readonly items: readonly DriftItem[];
  readonly reconciled: boolean;
  /** The apply that reconciled, when the policy ran one. */
  readonly reconcile: ApplyOutcome | null;
  readonly detectedAtMs: number;
}

/**
 * Reads the system in one pass: the WireGuard device, the link, addresses, the marked routes on
 * the interface, the instance's own table (named after the interface), forwarding.
 */
export async function observeSystem(ports: LinuxSystemPorts, interfaceName: string): Promise<SystemObservation> {
  const [link, device, nftListing, forwarding, ownedRoutes] = await Promise.all([
    ports.network.readLink(interfaceName),
    ports.wireguard.readDevice(interfaceName),
    ports.nft.readTable(instanceNftTable(interfaceName)),
    ports.sysctl.read('net.ipv4.ip_forward'),
    ports.network.readOwnedRoutes(interfaceName),
  ]);
  const addresses = link === null ? [] : await ports.network.readAddresses(interfaceName);
  return { link, device, addresses, ownedRoutes, nftListing, forwarding };
}

export class DriftService {
  constructor(
    private readonly ports: LinuxSystemPorts,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Detects drift against the applied state and, under `reconcile`, repairs it by applying
   * again; `reapply` is the agent's own apply for the applied revision.
   */
  async check(
    prepared: PreparedState,
    publicKey: string,
    nftRecord: NftRecord | null,
    policy: DriftPolicy,
    reapply: () => Promise<ApplyOutcome>,
  ): Promise<DriftCheck> {
    const detectedAtMs = this.now();
    const items = detectDrift(prepared, await observeSystem(this.ports, prepared.interfaceName), publicKey, nftRecord);
    if (items.length === 0 || policy === 'report') return { items, reconciled: false, reconcile: null, detectedAtMs };
    const reconcile = await reapply();
    return { items, reconciled: reconcile.result.ok, reconcile, detectedAtMs };
  }
}
