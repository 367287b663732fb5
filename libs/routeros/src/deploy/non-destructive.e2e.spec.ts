import { Harness } from '../__fixtures__/harness';
import { branchOverlay, branchOverlayUpdated, branchOverlayWithoutD } from '../__fixtures__/overlay-states';
import { configOf, foreignRows, managedRows, ourRulesVersusFirstForeignDrop } from '../__fixtures__/snapshots';
import { loadBranchOfficeScenario } from '../emulator';
import { rollbackToBackup, runDeployment, type DeploymentResult } from './engine.api';

const harness = new Harness();
afterAll(() => harness.close());

/**
 * The promise of spec §4.2.3: on a router with a realistic existing configuration (another
 * WireGuard interface with peers, ordered filter rules with drops, srcnat and dstnat, routes,
 * queues, address lists), deploy → update → rollback → redeploy → remove a peer leaves every
 * row we did not write byte-identical and in its original order, and our filter rules in
 * front of the first foreign drop.
 */
describe('deployments never disturb configuration they did not write', () => {
  it('holds across deploy, update, rollback, redeploy and removing a peer', async () => {
    const router = await harness.router();
    const scenario = loadBranchOfficeScenario(router.state);
    const client = harness.client(router);
    const original = foreignRows(router.snapshot());
    const expectUntouched = (step: string): void => {
      expect({ step, rows: foreignRows(router.snapshot()) }).toEqual({ step, rows: original });
      const placement = ourRulesVersusFirstForeignDrop(router.snapshot(), 'forward');
      expect({ step, ours: placement.ours > 0, before: placement.lastOurs < placement.firstForeignDrop }).toEqual({ step, ours: true, before: true });
      expect(placement.firstForeignDrop).toBe(router.snapshot()['/ip/firewall/filter']?.findIndex((row) => row['.id'] === scenario.forwardDropInvalid));
    };
    const succeed = (result: DeploymentResult): DeploymentResult => {
      expect({ outcome: result.outcome, error: result.error }).toEqual({ outcome: 'success', error: null });
      return result;
    };

    succeed(await runDeployment(client, branchOverlay));
    expectUntouched('deploy');
    const afterFirstDeploy = configOf(router.snapshot());

    const update = succeed(await runDeployment(client, branchOverlayUpdated));
    expect(update.appliedCalls.map((call) => `${call.method} ${call.menu}`)).toEqual(
      expect.arrayContaining(['PATCH /interface/wireguard/peers', 'PUT /interface/wireguard/peers', 'PUT /ip/firewall/nat', 'PUT /ip/firewall/filter']),
    );
    expectUntouched('update');
    const hub = router.snapshot()['/interface/wireguard/peers']?.find((row) => row['public-key'] === branchOverlay.peers[0]?.publicKey);
    expect(hub?.['persistent-keepalive']).toBe('15s');

    const rollback = await rollbackToBackup(client, update.backup!);
    expect(rollback).toMatchObject({ outcome: 'restored', error: null });
    expectUntouched('rollback');
    // Nothing was deleted by the update, so the rollback gives back every row with its id.
    expect(configOf(router.snapshot())).toEqual(afterFirstDeploy);

    succeed(await runDeployment(client, branchOverlayUpdated));
    expectUntouched('redeploy');
    const removal = succeed(await runDeployment(client, branchOverlayWithoutD));
    expect(removal.appliedCalls.map((call) => `${call.method} ${call.menu}`).sort()).toEqual(['DELETE /interface/wireguard/peers', 'DELETE /ip/route']);
    expectUntouched('remove peer');
    const peers = managedRows(router.snapshot())['/interface/wireguard/peers'] ?? [];
    expect(peers.map((row) => row['allowed-address'])).toEqual(['10.0.0.1/32,192.168.101.0/24', '10.0.0.3/32,192.168.103.0/24']);
  });

  it('removing the whole config takes every managed row away and nothing else', async () => {
    const router = await harness.router();
    loadBranchOfficeScenario(router.state);
    const client = harness.client(router);
    const before = configOf(router.snapshot());
    expect((await runDeployment(client, branchOverlayUpdated)).outcome).toBe('success');
    const removal = await runDeployment(client, { peerId: branchOverlay.peerId, removed: true });
    expect(removal.outcome).toBe('success');
    expect(removal.verification).toEqual({ passed: true, checks: [] });
    expect(removal.interfacePublicKey).toBeNull();
    expect(configOf(router.snapshot())).toEqual(before);
  });
});
