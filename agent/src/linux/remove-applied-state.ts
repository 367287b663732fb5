import { describeNftTable, instanceNftTable } from '@wom/renderers';
import type { AppliedRecord } from '../state/agent-state.store';
import type { LinuxSystemPorts } from './linux-system.port';
import { inspectPreviousTable } from './nft-table.plan';

/**
 * Removes from the box exactly what this agent instance owns, as its applied record names it:
 * the WireGuard interface (its addresses and routes go with it, and a wireguard-go daemon
 * exits when its device goes) and its own nftables table, `inet wom_<interface>`. The shared
 * `inet wom` of an older agent goes too, but only while it is exactly as this instance
 * recorded loading it. Another agent's interface, routes and table are never touched.
 * Returns one line per thing removed.
 */
export async function removeAppliedState(ports: LinuxSystemPorts, applied: AppliedRecord | null): Promise<string[]> {
  if (applied === null) return [];
  const removed: string[] = [];
  const name = applied.state.interface.name;
  const own = instanceNftTable(name);
  // Decided before anything is deleted, against the tables as this instance left them.
  const previous = await inspectPreviousTable(ports.nft, own, applied.nftRecord);
  if (await ports.network.deleteLink(name)) removed.push(`interface ${name}`);
  if (await ports.nft.deleteTable(own)) removed.push(`nftables table ${describeNftTable(own)}`);
  if (previous.action === 'retire' && (await ports.nft.deleteTable(previous.table))) removed.push(`nftables table ${describeNftTable(previous.table)}`);
  return removed;
}
