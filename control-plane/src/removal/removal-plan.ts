import type { DeviceChangeKind, RemovalDeviceChange, RemovalPreview } from '@wom/contracts';

export type { DeviceChangeKind, RemovalDeviceChange, RemovalPreview } from '@wom/contracts';

/** A peer of the WAN before the delete, and whether rows this product wrote may be on it. */
export interface PeerBefore {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly deploymentMode: string;
  /** A router this product can deploy to over its REST API (it has a management address). */
  readonly apiManaged: boolean;
  readonly holdsOurRows: boolean;
}

/** What the delete left behind, read in its own transaction before it is rolled back. */
export interface RemovalOutcome {
  readonly removedNow: boolean;
  readonly jobs: readonly { readonly peerId: string; readonly jobType: string }[];
  /** Peers still there afterwards (a peer being removed counts as gone). */
  readonly remaining: ReadonlySet<string>;
  /** Peers whose desired state the delete changed. */
  readonly changed: ReadonlySet<string>;
  /** Routers with a deploy already waiting. */
  readonly deployWaiting: ReadonlySet<string>;
}

const ORDER: readonly DeviceChangeKind[] = ['undeploy', 'redeploy', 'deploy-waiting', 'agent-removal', 'agent-update', 'config-download', 'next-deploy', 'left-on-device', 'forgotten'];

/**
 * Says, device by device, what a delete does, from the jobs it queued and the peers it left:
 * the preview runs the delete itself in a transaction it rolls back, so the two cannot differ.
 *
 * Example: a service deleted in a WAN with one router written to, one agent box and one config
 * file → redeploy (deploy-config), agent-update, config-download.
 */
export function planDeviceChanges(subject: string, before: readonly PeerBefore[], outcome: RemovalOutcome): RemovalPreview {
  const jobByPeer = new Map(outcome.jobs.map((job) => [job.peerId, job.jobType]));
  const devices: RemovalDeviceChange[] = [];
  for (const peer of before) {
    const change = changeOf(peer, jobByPeer.get(peer.id) ?? null, outcome);
    if (!change) continue;
    devices.push({ peerId: peer.id, peerName: peer.name, type: peer.type, deploymentMode: peer.deploymentMode, jobType: jobByPeer.get(peer.id) ?? null, ...change });
  }
  devices.sort((a, b) => ORDER.indexOf(a.change) - ORDER.indexOf(b.change) || a.peerName.localeCompare(b.peerName));
  const count = (kind: DeviceChangeKind) => devices.filter((d) => d.change === kind).length;
  const parts = [
    count('undeploy') && `${count('undeploy')} router(s) have their rows taken off`,
    count('redeploy') + count('deploy-waiting') && `${count('redeploy') + count('deploy-waiting')} router(s) are redeployed`,
    count('agent-update') && `${count('agent-update')} agent box(es) get a new revision`,
    count('agent-removal') && `${count('agent-removal')} agent box(es) take their configuration down`,
    count('config-download') && `${count('config-download')} configuration file(s) change`,
    count('left-on-device') && `${count('left-on-device')} device(s) keep rows this product wrote`,
  ].filter((part): part is string => typeof part === 'string');
  const how = outcome.removedNow ? 'goes at once' : 'stays as "removing" until its routers are clean';
  return { removedNow: outcome.removedNow, jobCount: outcome.jobs.length, summary: `${subject} ${how}${parts.length > 0 ? `; ${parts.join(', ')}` : ''}.`, devices };
}

function changeOf(peer: PeerBefore, jobType: string | null, outcome: RemovalOutcome): { change: DeviceChangeKind; detail: string } | null {
  if (jobType === 'undeploy') return { change: 'undeploy', detail: 'An undeploy job takes off every row this product wrote to it, then it is forgotten.' };
  if (jobType !== null) return { change: 'redeploy', detail: `A ${jobType} job rewrites it without what is deleted; other rows are untouched.` };
  const gone = !outcome.remaining.has(peer.id);
  if (gone && peer.deploymentMode === 'agent') return { change: 'agent-removal', detail: 'Its agent is told the peer is removed and takes its own configuration down.' };
  if (gone && peer.holdsOurRows) return { change: 'left-on-device', detail: 'Forgotten now; the rows this product wrote stay on the device.' };
  if (gone) return { change: 'forgotten', detail: 'Forgotten; nothing this product wrote is on it.' };
  if (!outcome.changed.has(peer.id)) return null;
  if (peer.deploymentMode === 'agent') return { change: 'agent-update', detail: 'Its agent gets a new revision without what is deleted.' };
  if (outcome.deployWaiting.has(peer.id)) return { change: 'deploy-waiting', detail: 'Its waiting deployment writes it without what is deleted.' };
  if (peer.apiManaged) return { change: 'next-deploy', detail: 'Nothing was written to it yet; its next deployment leaves out what is deleted.' };
  return { change: 'config-download', detail: 'Its configuration changes: download it again and apply it.' };
}
