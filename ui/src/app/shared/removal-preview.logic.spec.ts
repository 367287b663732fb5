import type { DeviceChangeKind } from '@wom/contracts';
import { removalChanges, type RemovalPreview } from './removal-preview.logic';

describe('removalChanges', () => {
  const preview: RemovalPreview = {
    removedNow: false,
    jobCount: 1,
    summary: 'WAN lab stays as "removing" until its routers are clean; 1 router(s) have their rows taken off.',
    devices: [
      { peerId: 'r1', peerName: 'branch-1', type: 'mikrotik', deploymentMode: 'config-file', change: 'undeploy', jobType: 'undeploy', detail: 'An undeploy job takes off every row.' },
      { peerId: 'b1', peerName: 'box', type: 'server', deploymentMode: 'agent', change: 'agent-update', jobType: null, detail: 'Its agent gets a new revision.' },
      { peerId: 'x', peerName: 'odd', type: 'client', deploymentMode: 'config-file', change: 'something-new' as DeviceChangeKind, jobType: null, detail: 'Said by a newer API.' },
    ],
  };

  it('lists each device with its change in the API’s words, and the rows a router loses', () => {
    const changes = removalChanges(preview, new Map([['r1', [{ kind: 'remove' as const, text: '/ip/route: 2 row(s)' }]]]));
    expect(changes.summary).toBe(preview.summary);
    expect(changes.devices).toEqual([
      { device: 'branch-1', lines: [{ kind: 'remove', text: 'An undeploy job takes off every row.' }, { kind: 'remove', text: '/ip/route: 2 row(s)' }] },
      { device: 'box', lines: [{ kind: 'change', text: 'Its agent gets a new revision.' }] },
      { device: 'odd', lines: [{ kind: 'note', text: 'Said by a newer API.' }] },
    ]);
  });
});
