import { planDeviceChanges, type PeerBefore, type RemovalOutcome } from './removal-plan';

const peer = (id: string, type: string, deploymentMode: string, holdsOurRows = false): PeerBefore => ({ id, name: id, type, deploymentMode, apiManaged: type === 'mikrotik', holdsOurRows });
const outcome = (over: Partial<RemovalOutcome>): RemovalOutcome => ({ removedNow: true, jobs: [], remaining: new Set(), changed: new Set(), deployWaiting: new Set(), ...over });

describe('planDeviceChanges', () => {
  const before = [peer('box', 'server', 'agent'), peer('laptop', 'client', 'config-file'), peer('r-written', 'mikrotik', 'mikrotik-api', true), peer('r-new', 'mikrotik', 'mikrotik-api'), peer('r-waiting', 'mikrotik', 'mikrotik-api', true)];

  it('a deleted service: written routers redeployed, the waiting one by its deploy, agents updated, files changed', () => {
    const all = new Set(before.map((p) => p.id));
    const plan = planDeviceChanges('Service web', before, outcome({ jobs: [{ peerId: 'r-written', jobType: 'deploy-config' }], remaining: all, changed: all, deployWaiting: new Set(['r-waiting']) }));
    expect(plan.devices.map((d) => [d.peerName, d.change, d.jobType])).toEqual([
      ['r-written', 'redeploy', 'deploy-config'],
      ['r-waiting', 'deploy-waiting', null],
      ['box', 'agent-update', null],
      ['laptop', 'config-download', null],
      ['r-new', 'next-deploy', null],
    ]);
    expect(plan).toMatchObject({ removedNow: true, jobCount: 1 });
    expect(plan.summary).toBe('Service web goes at once; 2 router(s) are redeployed, 1 agent box(es) get a new revision, 1 configuration file(s) change.');
  });

  it('a deleted WAN: written routers undeployed and the WAN waits, agents take down, the rest forgotten', () => {
    const plan = planDeviceChanges('WAN lab', before, outcome({ removedNow: false, jobs: [{ peerId: 'r-written', jobType: 'undeploy' }, { peerId: 'r-waiting', jobType: 'undeploy' }] }));
    expect(plan.devices.map((d) => [d.peerName, d.change])).toEqual([
      ['r-waiting', 'undeploy'],
      ['r-written', 'undeploy'],
      ['box', 'agent-removal'],
      ['laptop', 'forgotten'],
      ['r-new', 'forgotten'],
    ]);
    expect(plan.summary).toMatch(/^WAN lab stays as "removing" until its routers are clean; 2 router\(s\) have their rows taken off/);
  });

  it('keepOnDevice: forgotten at once, the written routers keep our rows', () => {
    const plan = planDeviceChanges('WAN lab', [peer('r-written', 'mikrotik', 'mikrotik-api', true)], outcome({}));
    expect(plan.devices).toEqual([expect.objectContaining({ change: 'left-on-device', jobType: null })]);
  });

  it('leaves out devices the delete does not touch', () => {
    expect(planDeviceChanges('Service x', before, outcome({ remaining: new Set(before.map((p) => p.id)) })).devices).toEqual([]);
  });
});
