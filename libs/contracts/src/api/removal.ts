// What a delete's preview answers (`GET …/removal-preview`), shared by the server and the console.

/** What a delete does to one device, as its preview lists it. */
export type DeviceChangeKind =
  /** A router this product wrote to: an undeploy job takes its rows off, then it is forgotten. */
  | 'undeploy'
  /** Another router this product wrote to: a deploy-config job rewrites it without what goes. */
  | 'redeploy'
  /** A router whose deploy is already waiting: that deploy writes it without what goes. */
  | 'deploy-waiting'
  /** A router never written to: its next deploy leaves it out. */
  | 'next-deploy'
  /** A box with an agent: it gets a new revision without what goes. */
  | 'agent-update'
  /** A box with an agent whose peer goes: the agent takes its own configuration down. */
  | 'agent-removal'
  /** A device fed a configuration file: its file changes and must be downloaded again. */
  | 'config-download'
  /** The device is forgotten; nothing of ours is on it, or nothing can take it off. */
  | 'forgotten'
  /** Forgotten while rows this product wrote stay on it (keepOnDevice or force). */
  | 'left-on-device';

export interface RemovalDeviceChange {
  readonly peerId: string;
  readonly peerName: string;
  readonly type: string;
  readonly deploymentMode: string;
  readonly change: DeviceChangeKind;
  /** The job the delete queues for it (undeploy, deploy-config), or null. */
  readonly jobType: string | null;
  readonly detail: string;
}

export interface RemovalPreview {
  /** What the delete would answer: gone at once, or kept while its own devices are cleaned. */
  readonly removedNow: boolean;
  /** Jobs the delete would queue. */
  readonly jobCount: number;
  readonly summary: string;
  /** Every device the delete touches, routers with jobs first; untouched devices are left out. */
  readonly devices: readonly RemovalDeviceChange[];
}
