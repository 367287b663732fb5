import { Harness } from '../__fixtures__/harness';
import { branchOverlay, branchOverlayReshaped, branchOverlayUpdated } from '../__fixtures__/overlay-states';
import { foreignRows, managedRows } from '../__fixtures__/snapshots';
import { loadBranchOfficeScenario } from '../emulator';
import { detectDrift, previewDeployment, rollbackToBackup, runDeployment, testConnection, type DeploymentBackup } from './engine.api';

const harness = new Harness();
afterAll(() => harness.close());

/**
 * The engine against every release line whose REST behaviour differs where the product
 * writes (the emulator's version gates): peers print client fields from 7.12, responder
 * flags from 7.15/7.17, a default client-allowed-address from 7.21, dates in the old form up
 * to 7.10. A deployment, a redeploy with nothing to do, a reshape and a restore must work on
 * each, which they can only if the engine never sends a property one of them lacks.
 */
describe.each(['7.10.2', '7.12.1', '7.16.2', '7.19.4', '7.21.1'])('the deploy engine on RouterOS %s', (version) => {
  it('deploys, converges, reshapes and restores without a refusal', async () => {
    const router = await harness.router({ version: `${version} (stable)` });
    loadBranchOfficeScenario(router.state);
    const client = harness.client(router);
    expect(await testConnection(client)).toMatchObject({ status: 'connected', version: `${version} (stable)` });

    expect((await runDeployment(client, branchOverlayUpdated)).outcome).toBe('success');
    expect((await previewDeployment(client, branchOverlayUpdated)).calls).toEqual([]);
    expect(await detectDrift(client, branchOverlayUpdated)).toMatchObject({ inSync: true });
    const deployed = managedRows(router.snapshot(), true);

    const reshape = await runDeployment(client, branchOverlayReshaped);
    expect(reshape.outcome).toBe('success');
    expect((await previewDeployment(client, branchOverlayReshaped)).calls).toEqual([]);
    expect(await rollbackToBackup(client, reshape.backup as DeploymentBackup)).toMatchObject({ outcome: 'restored', error: null });
    expect(managedRows(router.snapshot(), true)).toEqual(deployed);

    const undeploy = await runDeployment(client, { peerId: branchOverlay.peerId, removed: true });
    expect(undeploy.outcome).toBe('success');
    expect(Object.values(managedRows(router.snapshot())).flat()).toEqual([]);
    expect(router.calls.filter((call) => call.status >= 400)).toEqual([]);
    expect(foreignRows(router.snapshot())['/ip/firewall/filter']).toHaveLength(11);
  });
});
