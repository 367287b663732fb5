import { Harness } from '../__fixtures__/harness';
import { branchOverlay, branchOverlayUpdated, fixtureKeys } from '../__fixtures__/overlay-states';
import { configOf } from '../__fixtures__/snapshots';
import { loadBranchOfficeScenario, type EmulatedRouter } from '../emulator';
import { previewDeployment, runDeployment, type DeploymentStepEvent } from './engine.api';

const harness = new Harness();
afterAll(() => harness.close());

async function branchRouter(options: Parameters<Harness['router']>[0] = {}): Promise<EmulatedRouter> {
  const router = await harness.router(options);
  loadBranchOfficeScenario(router.state);
  return router;
}

describe('runDeployment', () => {
  it('runs every step in order with growing progress, and the router keeps the key it generated', async () => {
    const router = await branchRouter();
    const events: DeploymentStepEvent[] = [];
    const result = await runDeployment(harness.client(router), branchOverlay, { hooks: { onStep: (event) => void events.push(event) } });

    expect(result.outcome).toBe('success');
    expect(result.steps.map((step) => `${step.name}:${step.status}`)).toEqual([
      'preflight:succeeded',
      'read:succeeded',
      'plan:succeeded',
      'backup:succeeded',
      'apply:succeeded',
      'verify:succeeded',
    ]);
    expect(result.steps.every((step) => step.finishedAt !== null && step.finishedAt >= step.startedAt)).toBe(true);
    const progress = events.map((event) => event.progressPercent);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(100);
    expect(events.filter((event) => event.name === 'apply' && event.status === 'running').length).toBe(result.appliedCalls.length + 1);

    const iface = router.snapshot()['/interface/wireguard']?.find((row) => row['name'] === 'wg-wan-overlay');
    expect(result.interfacePublicKey).toBe(iface?.['public-key']);
    expect(result.interfacePublicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(JSON.stringify(router.writeCalls())).not.toContain('private-key');
    expect(JSON.stringify(result)).not.toContain(iface?.['private-key']);
    expect(result.writeCount).toBe(router.writeCalls().length);
    expect(result.backup?.tables['/interface/wireguard/peers']).toEqual([]);
    expect(result.verification?.checks.map((check) => `${check.name}:${check.passed}`)).toEqual(['interface-running:true', 'peers-present:true', 'routes-present:true']);
  });

  it('hands the backup over before the first write, and stops with nothing written when it cannot be kept', async () => {
    const router = await branchRouter();
    let writesWhenHanded = -1;
    const handed: unknown[] = [];
    const result = await runDeployment(harness.client(router), branchOverlay, {
      hooks: {
        onBackup: (backup) => {
          writesWhenHanded = router.writeCalls().length;
          handed.push(backup);
        },
      },
    });
    expect(result.outcome).toBe('success');
    expect(writesWhenHanded).toBe(0);
    expect(handed).toEqual([result.backup]);

    const other = await branchRouter();
    const before = other.snapshot();
    const refused = await runDeployment(harness.client(other), branchOverlay, {
      hooks: {
        onBackup: () => {
          throw new Error('database unavailable');
        },
      },
    });
    expect(refused.outcome).toBe('failed');
    expect(other.writeCalls()).toEqual([]);
    expect(other.snapshot()).toEqual(before);
  });

  it('redeploying an unchanged state sends no write at all', async () => {
    const router = await branchRouter();
    const client = harness.client(router);
    expect((await runDeployment(client, branchOverlayUpdated)).outcome).toBe('success');
    const writes = router.writeCalls().length;
    const again = await runDeployment(client, branchOverlayUpdated);
    expect(again).toMatchObject({ outcome: 'success', writeCount: 0, appliedCalls: [] });
    expect(again.steps.find((step) => step.name === 'apply')?.status).toBe('skipped');
    expect(router.writeCalls().length).toBe(writes);
  });

  it('sends an operator-supplied private key but never returns it', async () => {
    const router = await branchRouter();
    const key = fixtureKeys(7);
    const result = await runDeployment(harness.client(router), branchOverlay, { privateKey: key.privateKey });
    expect(result.outcome).toBe('success');
    expect(result.interfacePublicKey).toBe(key.publicKey);
    expect(JSON.stringify(result)).not.toContain(key.privateKey);
    expect(result.appliedCalls[0]?.body?.['private-key']).toBe('(redacted)');
  });

  it('pings tunnel addresses on request: silence makes a partial success, not a rollback', async () => {
    const router = await branchRouter({ reachable: ['10.0.0.1'] });
    const result = await runDeployment(harness.client(router), branchOverlay, { verify: { ping: { count: 2 } } });
    expect(result.outcome).toBe('partial-success');
    expect(result.rollback).toBeNull();
    expect(result.verification?.checks.find((check) => check.name === 'ping')).toEqual({ name: 'ping', critical: false, passed: false, detail: 'no answer from 10.0.0.3' });
    expect(router.calls.filter((call) => call.path === '/rest/ping').map((call) => call.body)).toEqual([
      { address: '10.0.0.1', count: '2' },
      { address: '10.0.0.3', count: '2' },
    ]);

    const everyone = await branchRouter({ reachable: ['10.0.0.1', '10.0.0.3'] });
    expect((await runDeployment(harness.client(everyone), branchOverlay, { verify: { ping: { count: 1 } } })).outcome).toBe('success');
  });

  it('deploys for a user without the test policy: the ping check fails, nothing rolls back', async () => {
    const router = await branchRouter({ reachable: ['10.0.0.1', '10.0.0.3'], users: [{ name: 'wom', password: 'pw', policies: ['read', 'write', 'api', 'rest-api'] }] });
    const result = await runDeployment(harness.client(router, { username: 'wom', password: 'pw' }), branchOverlay, { verify: { ping: { count: 1 } } });
    expect(result).toMatchObject({ outcome: 'partial-success', rollback: null });
    expect(result.verification?.checks.find((check) => check.name === 'ping')).toEqual({ name: 'ping', critical: false, passed: false, detail: 'not run: the router user lacks the test policy' });
  });

  it('checks handshakes when asked', async () => {
    const router = await branchRouter();
    const client = harness.client(router);
    const first = await runDeployment(client, branchOverlay, { verify: { requireHandshake: true } });
    expect(first.outcome).toBe('partial-success');
    expect(first.reason).toContain('0 of 2 peer(s) have completed a handshake');
    for (const peer of branchOverlay.peers) router.state.recordPeerTraffic(peer.publicKey, { lastHandshake: '5s', rx: 100, tx: 200 });
    expect((await runDeployment(client, branchOverlay, { verify: { requireHandshake: true } })).outcome).toBe('success');
  });

  it('rolls back when the interface does not come up', async () => {
    const router = await branchRouter({ wireguardDown: true });
    const before = configOf(router.snapshot());
    const result = await runDeployment(harness.client(router), branchOverlay);
    expect(result.outcome).toBe('failed');
    expect(result.error?.code).toBe('DEPLOY.VERIFY_FAILED');
    expect(result.reason).toContain('interface-running');
    expect(result.rollback).toMatchObject({ outcome: 'restored' });
    expect(result.steps.map((step) => `${step.name}:${step.status}`).slice(-2)).toEqual(['verify:failed', 'rollback:succeeded']);
    expect(configOf(router.snapshot())).toEqual(before);
  });

  it('rolls back when verification cannot read the router', async () => {
    const router = await branchRouter();
    const before = configOf(router.snapshot());
    // The read step lists the peers once; the second listing is verification's.
    router.injectFault({ match: { method: 'GET', pathPrefix: '/rest/interface/wireguard/peers' }, nth: 2, fault: { status: 500, body: { detail: 'not enough permissions (9)', error: 500, message: 'Internal Server Error' } } });
    const result = await runDeployment(harness.client(router), branchOverlay);
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'ROUTEROS.PERMISSION_DENIED' }, rollback: { outcome: 'restored' } });
    expect(configOf(router.snapshot())).toEqual(before);
  });

  it('stops before writing when the connection test fails, with a typed error', async () => {
    const denied = await branchRouter();
    const wrongPassword = await runDeployment(harness.client(denied, { password: 'wrong' }), branchOverlay);
    expect(wrongPassword).toMatchObject({ outcome: 'failed', error: { code: 'ROUTEROS.AUTH_FAILED' }, backup: null, writeCount: 0 });
    expect(wrongPassword.steps).toEqual([expect.objectContaining({ name: 'preflight', status: 'failed' })]);

    const old = await harness.router({ version: '6.49.10 (long-term)' });
    expect((await runDeployment(harness.client(old), branchOverlay)).error?.code).toBe('ROUTEROS.INCOMPATIBLE_VERSION');
    expect(denied.writeCalls().length + old.writeCalls().length).toBe(0);
  });

  it('refuses to plan over a foreign row that holds our interface name', async () => {
    const router = await branchRouter();
    router.state.load('/interface/wireguard', [{ name: 'wg-wan-overlay', 'listen-port': '13240', mtu: '1420', 'private-key': fixtureKeys(9).privateKey, disabled: 'false' }]);
    const client = harness.client(router);
    const preview = await previewDeployment(client, branchOverlay);
    expect(preview.conflicts).toEqual([expect.objectContaining({ menu: '/interface/wireguard', key: 'interface', fields: ['name'] })]);
    const result = await runDeployment(client, branchOverlay);
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'DEPLOY.CONFLICT' }, writeCount: 0 });
    expect(result.error?.message).toContain('already holds name=wg-wan-overlay');
    expect(router.writeCalls()).toEqual([]);
  });

  it('rejects hostile names in the desired state before any call is planned', async () => {
    const router = await branchRouter();
    const client = harness.client(router);
    const hostile = { ...branchOverlay, interface: { ...branchOverlay.interface, name: 'wg0" ; /system reset' } };
    const result = await runDeployment(client, hostile);
    expect(result).toMatchObject({ outcome: 'failed', error: { code: 'VALIDATION.INVALID_INTERFACE_NAME' }, writeCount: 0 });
    await expect(previewDeployment(client, { ...branchOverlay, firewall: { relay: false, localDestinations: ['10.0.0.0/24 comment=x'] } })).rejects.toMatchObject({ code: 'VALIDATION.INVALID_CIDR' });
    const hostileEndpoint = { ...branchOverlay, peers: [{ ...(branchOverlay.peers[0] as (typeof branchOverlay.peers)[number]), endpoint: { host: 'vpn.example.net" comment="x', port: 51820 } }] };
    expect(await runDeployment(client, hostileEndpoint)).toMatchObject({ outcome: 'failed', error: { code: 'VALIDATION.INVALID_ENDPOINT' } });
    expect(router.writeCalls()).toEqual([]);
  });

  it('never sends a display name to the router: comments are always our managed uuid', async () => {
    const router = await branchRouter();
    const named = { ...branchOverlay, peers: branchOverlay.peers.map((peer) => ({ ...peer, name: 'x" ; /system reset ; comment="' })) };
    expect((await runDeployment(harness.client(router), named)).outcome).toBe('success');
    const sent = JSON.stringify(router.writeCalls().map((call) => call.body));
    expect(sent).not.toContain('/system reset');
    expect(router.writeCalls().every((call) => call.method !== 'PUT' || /^WAN-Overlay-Manager:[0-9a-f-]{36}$/.test(String((call.body as Record<string, unknown>)['comment'])))).toBe(true);
  });

  it('cancels mid-apply and rolls back what was written', async () => {
    const router = await branchRouter();
    const before = configOf(router.snapshot());
    const controller = new AbortController();
    const onStep = (event: DeploymentStepEvent): void => {
      if (event.name === 'apply' && event.detail.startsWith('3 of')) controller.abort();
    };
    const result = await runDeployment(harness.client(router), branchOverlay, { signal: controller.signal, hooks: { onStep } });
    expect(result).toMatchObject({ outcome: 'cancelled', error: { code: 'DEPLOY.CANCELLED' }, rollback: { outcome: 'restored' } });
    expect(result.appliedCalls).toHaveLength(3);
    expect(result.rollback?.calls.map((call) => call.method)).toEqual(['DELETE', 'DELETE', 'DELETE']);
    expect(configOf(router.snapshot())).toEqual(before);
  });

  it('cancelled before it starts, it reads and writes nothing', async () => {
    const router = await branchRouter();
    const controller = new AbortController();
    controller.abort();
    const result = await runDeployment(harness.client(router), branchOverlay, { signal: controller.signal, hooks: { onStep: () => { throw new Error('a broken hook'); } } });
    expect(result).toMatchObject({ outcome: 'cancelled', steps: [], rollback: null });
    expect(router.calls).toEqual([]);
  });

  it('a hook that throws changes nothing', async () => {
    const router = await branchRouter();
    const result = await runDeployment(harness.client(router), branchOverlay, { hooks: { onStep: () => { throw new Error('a broken hook'); } } });
    expect(result.outcome).toBe('success');
  });
});
