import { ALL_POLICIES, RouterOsEmulator, type EmulatedRouter } from '@wom/routeros';
import type { Locator, Page } from 'playwright-core';
import { Browser_, ControlPlane, freePort, screenshot } from './harness';

const SLOW = 120_000;
const MARK = 'WAN-Overlay-Manager:';

interface PeerBody { id: string; name: string }
interface JobBody { id: string; status: string }

/**
 * The drift fleet view, live pages and router online status, in Chromium against the real
 * control plane and emulated MikroTik routers: a row changed behind the product's back shows
 * as drift with its kind and diff and is reconciled after confirmation; a service published
 * through the API appears on the open services page; a router whose API answers while its
 * tunnel never handshook is offline in the peers table.
 */
describe('drift view, live data and tunnel-based online status in a browser', () => {
  const emulator = new RouterOsEmulator();
  const browser = new Browser_();
  let plane: ControlPlane;
  let page: Page;
  let wanId = '';
  let hub: PeerBody;
  let office: PeerBody;
  let router: EmulatedRouter;

  beforeAll(async () => {
    // The monitor reads the routers every second, so "API answers" is a fact by the time it is checked.
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'single-user', DATABASE_URL: 'postgres', MONITOR_INTERVAL_SECONDS: '1', DRIFT_CHECK_CRON: 'off' });
    await plane.start();
    wanId = (await plane.api<{ id: string }>('POST', '/api/wan', { name: 'drift-live' })).id;
    hub = await plane.api<PeerBody>('POST', `/api/wan/${wanId}/peers`, { name: 'hub', type: 'hub', endpoint: 'vpn.drift.example:51820' });
    router = await emulator.addRouter('office', { identity: 'office-gw', users: [{ name: 'wom-api', password: 'router-secret-1', policies: ALL_POLICIES }] });
    const mikrotik = { managementIp: '127.0.0.1', apiPort: router.port, username: 'wom-api', password: 'router-secret-1', useSsl: false };
    office = await plane.api<PeerBody>('POST', `/api/wan/${wanId}/peers`, { name: 'office', type: 'mikrotik', deploymentMode: 'mikrotik-api', mikrotik });
    const job = await plane.api<JobBody>('POST', `/api/peers/${office.id}/mikrotik/deploy`, {});
    expect((await finished(job.id)).status).toBe('completed');
    page = await browser.open();
  }, SLOW);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
    await emulator.close();
  });

  const go = (path: string) => page.goto(`${plane.url}${path}`);
  const dialog = (): Locator => page.locator('mat-dialog-container');
  const row = (name: string) => page.locator(`tr[data-device="${name}"]`);
  async function finished(jobId: string): Promise<JobBody> {
    for (let round = 0; round < 600; round++) {
      const job = await plane.api<JobBody>('GET', `/api/jobs/${jobId}`);
      if (['completed', 'failed', 'cancelled'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${jobId} did not finish within a minute`);
  }
  const ours = (menu: string) => router.state.rows(menu).filter((r) => (r['comment'] ?? '').startsWith(MARK));

  it('lists a drifted router with its kinds, opens its diff, and reconciles it after confirmation', async () => {
    // Behind the product's back: a managed row changed and another removed.
    const iface = ours('/interface/wireguard')[0]!;
    router.state.update('/interface/wireguard', iface['.id']!, { mtu: '1280' });
    const removable = ['/interface/wireguard/peers', '/ip/address', '/ip/route'].find((menu) => ours(menu).length > 0)!;
    router.state.remove(removable, ours(removable)[0]!['.id']!);

    await go(`/wans/${wanId}/drift`);
    await row('office').waitFor({ timeout: 60_000 });
    expect(await row('office').getByTestId('drift-state').textContent()).toContain('not checked yet');
    await row('office').getByTestId('check-now').click();
    // The check's stored report reaches the page by itself.
    await row('office').locator('[data-kind="mismatched"]').waitFor({ timeout: 60_000 });
    await row('office').locator('[data-kind="missing"]').waitFor();
    expect(await row('office').getByTestId('drift-state').textContent()).toContain('drifted');
    expect(await page.getByTestId('drift-summary').textContent()).toContain('1 of 1 device(s) drifted');

    await row('office').getByTestId('open-diff').click();
    const diff = page.getByTestId('drift-diff');
    await diff.getByText('mtu=1280').waitFor({ timeout: 30_000 });
    expect(await diff.textContent()).toContain('mtu=1420');
    await screenshot(page, 'drift-1-diff');

    await row('office').getByTestId('reconcile').click();
    await dialog().getByTestId('preview-summary').waitFor({ timeout: 60_000 });
    // Every option starts off: nothing to confirm until one is chosen.
    expect(await dialog().locator('[data-option="removeUnknown"] input').isChecked()).toBe(false);
    await dialog().locator('[data-option="reconcileMissing"] input').check();
    await dialog().locator('[data-option="reconcileMismatched"] input').check();
    await dialog().getByTestId('preview-summary').filter({ hasText: 'with these options' }).waitFor({ timeout: 30_000 });
    await screenshot(page, 'drift-2-reconcile-preview');
    await dialog().getByTestId('confirm').click();
    await dialog().waitFor({ state: 'detached', timeout: 60_000 });

    // The reconcile ran on the router: the managed rows are back as desired.
    for (let round = 0; round < 600 && ours('/interface/wireguard')[0]?.['mtu'] !== '1420'; round++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ours('/interface/wireguard')[0]?.['mtu']).toBe('1420');
    await row('office').getByTestId('check-now').click();
    await row('office').getByTestId('drift-state').filter({ hasText: 'in sync' }).waitFor({ timeout: 60_000 });
    expect(await row('office').locator('mat-chip').count()).toBe(0);
    await screenshot(page, 'drift-3-in-sync');
  }, SLOW * 2);

  it('shows a service published through the API on the open services page without a reload', async () => {
    await go(`/wans/${wanId}/services`);
    await page.getByRole('heading', { name: 'Services' }).waitFor();
    await page.locator('wom-services').getByText(/No published services/).waitFor({ timeout: 30_000 });
    await plane.api('POST', `/api/peers/${hub.id}/services`, { name: 'intranet-live', localIp: '192.168.50.5', localPort: 443, protocol: 'tcp' });
    await page.locator('[data-service="intranet-live"]').waitFor({ timeout: 30_000 });
    await screenshot(page, 'drift-4-service-live');
  }, SLOW);

  it('shows a router whose API answers but whose tunnel never handshook as offline in the peers table', async () => {
    // Wait until the monitor has read the router: its API is reachable.
    for (let round = 0; round < 600; round++) {
      const detail = await plane.api<{ apiReachable: boolean | null }>('GET', `/api/peers/${office.id}`);
      if (detail.apiReachable === true) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect((await plane.api<{ apiReachable: boolean | null; isOnline: boolean }>('GET', `/api/peers/${office.id}`))).toMatchObject({ apiReachable: true, isOnline: false });
    await go(`/wans/${wanId}/peers`);
    const officeRow = page.locator('tr[data-peer="office"]');
    await officeRow.waitFor({ timeout: 30_000 });
    expect(await officeRow.locator('.badge').filter({ hasText: /^\s*(online|offline)\s*$/ }).first().textContent()).toContain('offline');
    const listed = await plane.api<{ items: { id: string; isOnline: boolean }[] }>('GET', `/api/wan/${wanId}/peers`);
    expect(listed.items.find((p) => p.id === office.id)?.isOnline).toBe(false);
    await screenshot(page, 'drift-5-api-only-offline');
  }, SLOW);
});
