import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { Browser_, ControlPlane, freePort, screenshot } from './harness';

const ROUTER_KEY = 'xTIBA5rboUvnH4htodjb6e697QjLERt1NAB4mZqp8Dg=';
const ADMIN_PASSWORD = 'downloads-admin-password-1';

/**
 * Config downloads in Chromium with sign-in on: an admin's laptop file carries its private key
 * (and the audit log says so), agent and router peers say their key stays on the device, and
 * a read-only user gets the file without the key and the reason.
 */
describe('console config downloads', () => {
  const browser = new Browser_();
  let plane: ControlPlane;
  let page: Page;
  let adminToken = '';
  const peers: Record<'laptop' | 'agent' | 'router', { id: string; publicKey: string | null }> = {} as never;

  beforeAll(async () => {
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'multi-user' });
    await plane.start();
    const oneTime = plane.bootstrapPassword!;
    const first = await plane.api<{ accessToken: string }>('POST', '/api/auth/login', { username: 'admin', password: oneTime });
    await plane.api('POST', '/api/auth/password', { currentPassword: oneTime, newPassword: ADMIN_PASSWORD }, first.accessToken);
    adminToken = (await plane.api<{ accessToken: string }>('POST', '/api/auth/login', { username: 'admin', password: ADMIN_PASSWORD })).accessToken;
    await plane.api('POST', '/api/users', { username: 'viewer', password: 'viewer-password-12', role: 'read-only', mustChangePassword: false }, adminToken);
    const wan = await plane.api<{ id: string }>('POST', '/api/wan', { name: 'acme', topologyType: 'hub-spoke' }, adminToken);
    const create = (body: object) => plane.api<{ id: string; publicKey: string | null }>('POST', `/api/wan/${wan.id}/peers`, body, adminToken);
    await create({ name: 'hub', type: 'hub', endpoint: 'hub.example.com:51820' });
    peers.laptop = await create({ name: 'laptop-ann', type: 'client' });
    peers.agent = await create({ name: 'box-agent', type: 'server', deploymentMode: 'agent' });
    peers.router = await create({ name: 'paris-mt', type: 'mikrotik', deploymentMode: 'mikrotik-script', publicKey: ROUTER_KEY, endpoint: 'paris.example.com:13231' });
    page = await browser.open();
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
  });

  async function signIn(username: string, password: string): Promise<void> {
    await page.goto(`${plane.url}/login`);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('who').filter({ hasText: `${username} ·` }).waitFor();
  }

  /** Opens a peer's page and waits for its generated configuration. */
  async function openPeer(id: string): Promise<void> {
    await page.goto(`${plane.url}/peers/${id}`);
    await page.getByTestId('config').filter({ hasText: '[Interface]' }).waitFor();
  }

  async function downloadConf(): Promise<{ name: string; text: string }> {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download .conf', exact: true }).click()]);
    return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
  }

  it("gives an admin the laptop's file with its private key, says so, and records it in the audit log", async () => {
    await signIn('admin', ADMIN_PASSWORD);
    await openPeer(peers.laptop.id);
    await page.getByTestId('key-note').filter({ hasText: 'Includes the private key, so a laptop or phone imports it directly' }).waitFor();
    const conf = await downloadConf();
    expect(conf.name).toBe('laptop-ann.conf');
    const privateKey = /^PrivateKey = (\S+)$/m.exec(conf.text)?.[1];
    expect(privateKey).toBeDefined();
    expect(execFileSync('wg', ['pubkey'], { input: `${privateKey}\n`, encoding: 'utf8' }).trim()).toBe(peers.laptop.publicKey);
    // The page's own preview never shows the key.
    expect(await page.getByTestId('config').textContent()).not.toContain(privateKey!);
    await screenshot(page, 'downloads-1-admin-laptop');
    const audit = await plane.api<{ items: { action: string; entityId: string | null; actor: { name: string | null } }[] }>('GET', '/api/audit?action=peer.private-key.disclosed', undefined, adminToken);
    expect(audit.items.map((entry) => [entry.action, entry.entityId, entry.actor.name])).toContainEqual(['peer.private-key.disclosed', peers.laptop.id, 'admin']);
    expect(JSON.stringify(audit)).not.toContain(privateKey!);
  });

  it.each([
    ['agent', 'The private key stays on the device: its agent made it there', "# PrivateKey: kept on the device. Its agent generated this peer's key there"],
    ['router', 'The private key stays on the router: it made its own', '# PrivateKey: kept on the router.'],
  ] as const)('says plainly that the %s peer keeps its key, on the page and in the file', async (peer, note, comment) => {
    await openPeer(peers[peer].id);
    await page.getByTestId('key-note').filter({ hasText: note }).waitFor();
    expect(await page.getByRole('button', { name: 'Show QR code' }).count()).toBe(0);
    const conf = await downloadConf();
    expect(conf.text).toContain(comment);
    expect(conf.text).not.toMatch(/^PrivateKey/m);
  });

  it('notes on the export page which files carry keys', async () => {
    await page.goto(`${plane.url}/export`);
    const row = (name: string) => page.getByRole('row').filter({ hasText: name });
    await row('laptop-ann').getByTestId('key-note').filter({ hasText: 'Includes the private key' }).waitFor();
    expect(await row('box-agent').getByTestId('key-note').textContent()).toContain('stays on the device');
    expect(await row('paris-mt').getByTestId('key-note').textContent()).toContain('stays on the router');
    const [file] = await Promise.all([page.waitForEvent('download'), row('laptop-ann').getByRole('button', { name: 'Download .conf' }).click()]);
    expect(readFileSync((await file.path())!, 'utf8')).toMatch(/^PrivateKey = \S+$/m);
    await screenshot(page, 'downloads-2-export-admin');
  });

  it('gives a read-only user the file without the key and tells them why', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    await signIn('viewer', 'viewer-password-12');
    await openPeer(peers.laptop.id);
    await page.getByTestId('key-note').filter({ hasText: 'Without the private key: only an admin may download it' }).waitFor();
    expect(await page.getByRole('button', { name: 'Show QR code' }).count()).toBe(0);
    const conf = await downloadConf();
    expect(conf.text).not.toMatch(/^PrivateKey/m);
    expect(conf.text).toMatch(/^# PrivateKey: withheld\. Only an admin may download this private key/m);
    await screenshot(page, 'downloads-3-viewer-laptop');
  });
});
