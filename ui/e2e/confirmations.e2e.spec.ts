import { ALL_POLICIES, RouterOsEmulator, type EmulatedRouter } from '@wom/routeros';
import type { Locator, Page } from 'playwright-core';
import { Browser_, ControlPlane, freePort, screenshot } from './harness';

/** RouterOS's answer to a user whose group lacks `write`: a deployment fails on its first write. */
const PERMISSION_DENIED = { status: 500, body: { detail: 'not enough permissions (9)', error: 500, message: 'Internal Server Error' } };
const SLOW = 120_000;

interface PeerBody { id: string; name: string; publicKey: string | null; subnets: { id: string; cidr: string; natTranslatedCidr: string | null }[] }

/**
 * Every change is previewed and confirmed, in Chromium against the real control plane and
 * emulated MikroTik routers (one with an injected fault): cancel leaves the object, confirm
 * applies; the conflict wizard picks nothing for the operator and applies exactly the
 * translation it previewed; a resolved conflict stays resolved; deploy-all lists the failed
 * routers first, with their reasons.
 */
describe('confirmations in a browser', () => {
  const emulator = new RouterOsEmulator();
  const browser = new Browser_();
  const routers = new Map<string, EmulatedRouter>();
  let plane: ControlPlane;
  let page: Page;
  let wanId = '';
  const peers = new Map<string, PeerBody>();

  beforeAll(async () => {
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'single-user', DATABASE_URL: 'postgres', MONITOR_INTERVAL_SECONDS: '0', DRIFT_CHECK_CRON: 'off' });
    await plane.start();
    wanId = (await plane.api<{ id: string }>('POST', '/api/wan', { name: 'confirm' })).id;
    await plane.api('POST', `/api/wan/${wanId}/peers`, { name: 'hub', type: 'hub', endpoint: 'vpn.confirm.example:51820' });
    for (const name of ['office-1', 'office-2', 'office-3']) {
      const router = await emulator.addRouter(name, { identity: `${name}-gw`, users: [{ name: 'wom-api', password: 'router-secret-1', policies: ALL_POLICIES }] });
      routers.set(name, router);
      const mikrotik = { managementIp: '127.0.0.1', apiPort: router.port, username: 'wom-api', password: 'router-secret-1', useSsl: false };
      peers.set(name, await plane.api<PeerBody>('POST', `/api/wan/${wanId}/peers`, { name, type: 'mikrotik', deploymentMode: 'mikrotik-api', mikrotik }));
    }
    page = await browser.open();
  }, SLOW);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
    await emulator.close();
  });

  const go = (path: string) => page.goto(`${plane.url}${path}`);
  const dialog = (): Locator => page.locator('mat-dialog-container');
  const confirmButton = () => dialog().getByTestId('confirm');
  const cancel = async () => {
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
  };
  /** Waits for the dialog's preview (or its error) to be on screen. */
  const previewShown = () => dialog().getByTestId('preview-summary').or(dialog().getByTestId('problem')).first().waitFor({ timeout: 60_000 });
  const exists = async (path: string) => (await fetch(`${plane.url}${path}`)).status !== 404;
  const jobsOf = async (peerId: string, type: string) => (await plane.api<{ total: number }>('GET', `/api/peers/${peerId}/jobs?type=${type}`)).total;

  it('deploy-all previews every router, then lists the failed router first with its reason and a retry button', async () => {
    routers.get('office-3')!.injectFault({ match: { writes: true }, nth: 1, fault: PERMISSION_DENIED });
    await go(`/wans/${wanId}`);
    await page.getByTestId('deploy-all').click();
    await previewShown();
    for (const name of ['office-1', 'office-2', 'office-3']) await dialog().locator(`[data-device="${name}"]`).waitFor();
    expect(await dialog().getByTestId('preview-summary').textContent()).toMatch(/3 router\(s\): \d+ added/);
    await screenshot(page, 'confirm-1-deploy-all-preview');
    await confirmButton().click();
    const rows = page.getByTestId('device-result');
    await rows.nth(2).waitFor({ timeout: SLOW });
    const first = rows.first();
    expect(await first.getAttribute('data-outcome')).toBe('failed');
    const text = (await first.textContent()) ?? '';
    expect(text).toContain('office-3');
    expect(text).toMatch(/permission|write|router/i);
    expect(await first.getByRole('button', { name: 'Retry office-3' }).count()).toBe(1);
    expect(await rows.nth(1).getAttribute('data-outcome')).toBe('succeeded');
    expect(await rows.nth(2).getAttribute('data-outcome')).toBe('succeeded');
    await screenshot(page, 'confirm-1-deploy-all-results');
  }, SLOW * 2);

  it('deploy and rollback need a confirmation: cancel queues nothing, confirm queues the job', async () => {
    const office1 = peers.get('office-1')!;
    await go(`/wans/${wanId}/peers/${office1.id}`);
    const deploys = await jobsOf(office1.id, 'deploy-config');
    await page.getByTestId('deploy').click();
    await previewShown();
    await cancel();
    expect(await jobsOf(office1.id, 'deploy-config')).toBe(deploys);

    await page.getByTestId('rollback').click();
    await previewShown();
    expect(await dialog().getByTestId('preview-summary').textContent()).toContain('Restores the backup');
    await cancel();
    expect(await jobsOf(office1.id, 'rollback')).toBe(0);
    await page.getByTestId('rollback').click();
    await previewShown();
    await confirmButton().click();
    await dialog().waitFor({ state: 'detached' });
    expect(await jobsOf(office1.id, 'rollback')).toBe(1);
    await page.waitForFunction(() => document.querySelector('[data-testid="job-detail"]')?.getAttribute('data-status') === 'completed', undefined, { timeout: SLOW });
  }, SLOW * 2);

  it('key regeneration and peer delete need a confirmation; delete needs the name typed', async () => {
    const laptop = await plane.api<PeerBody>('POST', `/api/wan/${wanId}/peers`, { name: 'laptop-x', type: 'client' });
    await go(`/wans/${wanId}/peers/${laptop.id}`);
    await page.getByTestId('regenerate-keys').click();
    await previewShown();
    await cancel();
    expect((await plane.api<PeerBody>('GET', `/api/peers/${laptop.id}`)).publicKey).toBe(laptop.publicKey);
    await page.getByTestId('regenerate-keys').click();
    await previewShown();
    await confirmButton().click();
    await dialog().waitFor({ state: 'detached' });
    expect((await plane.api<PeerBody>('GET', `/api/peers/${laptop.id}`)).publicKey).not.toBe(laptop.publicKey);

    await page.getByTestId('delete-peer').click();
    await previewShown();
    expect(await confirmButton().textContent()).toContain('Delete peer laptop-x');
    expect(await confirmButton().isDisabled()).toBe(true);
    await dialog().getByTestId('type-to-confirm').fill('laptop');
    expect(await confirmButton().isDisabled()).toBe(true);
    await cancel();
    expect(await exists(`/api/peers/${laptop.id}`)).toBe(true);
    await page.getByTestId('delete-peer').click();
    await previewShown();
    await dialog().getByTestId('type-to-confirm').fill('laptop-x');
    await screenshot(page, 'confirm-3-delete-peer');
    await confirmButton().click();
    await page.waitForURL(`**/wans/${wanId}/peers`);
    expect(await exists(`/api/peers/${laptop.id}`)).toBe(false);
  }, SLOW);

  it('unpublishing a service and deleting a WAN need the name typed; cancel leaves them', async () => {
    const service = await plane.api<{ id: string }>('POST', `/api/peers/${peers.get('office-2')!.id}/services`, { name: 'intranet', localIp: '192.168.88.10', localPort: 443, protocol: 'tcp' });
    await go(`/wans/${wanId}/services`);
    await page.locator('[data-unpublish="intranet"]').click();
    await previewShown();
    await cancel();
    expect(await exists(`/api/services/${service.id}`)).toBe(true);
    await page.locator('[data-unpublish="intranet"]').click();
    await previewShown();
    await dialog().getByTestId('type-to-confirm').fill('intranet');
    await confirmButton().click();
    await dialog().waitFor({ state: 'detached' });
    expect(await exists(`/api/services/${service.id}`)).toBe(false);

    const scratch = await plane.api<{ id: string }>('POST', '/api/wan', { name: 'scratch' });
    await go(`/wans/${scratch.id}/settings`);
    await page.getByTestId('delete-wan').click();
    await previewShown();
    await cancel();
    expect(await exists(`/api/wan/${scratch.id}`)).toBe(true);
    await page.getByTestId('delete-wan').click();
    await previewShown();
    await dialog().getByTestId('type-to-confirm').fill('scratch');
    expect(await confirmButton().textContent()).toContain('Delete WAN scratch');
    await confirmButton().click();
    await dialog().waitFor({ state: 'detached' });
    expect(await exists(`/api/wan/${scratch.id}`)).toBe(false);
  }, SLOW);

  it('the conflict wizard has no default, applies exactly the translation it previewed, and the resolution outlives a new peer', async () => {
    const conflictWan = (await plane.api<{ id: string }>('POST', '/api/wan', { name: 'overlaps' })).id;
    await plane.api('POST', `/api/wan/${conflictWan}/peers`, { name: 'uses-172', type: 'generic-router', subnets: [{ cidr: '172.16.2.0/24' }] });
    await plane.api('POST', `/api/wan/${conflictWan}/peers`, { name: 'paris', type: 'generic-router', subnets: [{ cidr: '192.168.1.0/24' }] });
    // lyon already holds a translation: the preview must treat it as the one being replaced, exactly as resolve does.
    const lyon = await plane.api<PeerBody>('POST', `/api/wan/${conflictWan}/peers`, { name: 'lyon', type: 'generic-router', subnets: [{ cidr: '192.168.1.0/24', natEnabled: true, natTranslatedCidr: '172.16.0.0/24' }] });
    await go(`/wans/${conflictWan}/conflicts`);
    const card = page.locator('[data-conflict="192.168.1.0/24"]');
    await card.getByRole('button', { name: 'Resolve…' }).click();
    const review = page.getByTestId('review-resolution');
    await review.waitFor();
    expect(await page.getByRole('radio', { checked: true }).count()).toBe(0);
    expect(await review.isDisabled()).toBe(true);
    await page.getByRole('radio', { name: /Translate with NAT/ }).check();
    expect(await review.isDisabled()).toBe(true);
    await page.getByRole('radio', { name: /lyon/ }).check();
    expect(await review.isDisabled()).toBe(false);
    await review.click();
    await previewShown();
    const previewText = (await dialog().getByTestId('preview-summary').textContent()) ?? '';
    const previewed = /routed as (\d+\.\d+\.\d+\.\d+\/\d+)\./.exec(previewText)?.[1];
    expect(previewed).toBeDefined();
    await screenshot(page, 'confirm-5-conflict-preview');
    await confirmButton().click();
    await page.getByTestId('resolved').waitFor();
    const applied = (await page.getByTestId('applied-subnet').first().textContent()) ?? '';
    expect(applied).toContain(`→ ${previewed}`);
    const stored = (await plane.api<PeerBody>('GET', `/api/peers/${lyon.id}`)).subnets[0]!.natTranslatedCidr;
    expect(stored).toBe(previewed);
    await screenshot(page, 'confirm-5-conflict-resolved');

    await plane.api('POST', `/api/wan/${conflictWan}/peers`, { name: 'unrelated', type: 'server', subnets: [{ cidr: '10.77.0.0/24' }] });
    await page.reload();
    await page.getByText('No open conflicts').waitFor();
    expect(await plane.api<unknown[]>('GET', `/api/wan/${conflictWan}/conflicts`)).toEqual([]);
    expect(await plane.api<unknown[]>('GET', `/api/wan/${conflictWan}/conflicts?status=resolved`)).toHaveLength(1);
  }, SLOW);
});
