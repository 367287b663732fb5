import { randomInt } from 'node:crypto';
import { installCommand, type AgentInstallInfo, type EnrollmentTokenResponse, type Page as ApiPage } from '@wom/contracts';
import { generateKeyPair } from '@wom/domain';
import type { Locator, Page } from 'playwright-core';
import { Browser_, ControlPlane, freePort, screenshot } from './harness';

/**
 * Handing a site admin the one-line agent install, in Chromium against the real control plane:
 * from a peer's page (a token bound to that peer, the 409 when it already has an agent and
 * revoking it), and from the agents page (a token that creates a peer from a template). The
 * command must carry PUBLIC_URL, and a loopback PUBLIC_URL must come with its warning.
 */

/** A documentation address (RFC 5737): what the command must show instead of the listen address. */
const PUBLIC_URL = 'http://203.0.113.10:8080';
const LONG = { timeout: 30_000 };

/** What the install facts say, or null while this control plane has no such route. */
async function installInfo(plane: ControlPlane): Promise<AgentInstallInfo | null> {
  const response = await fetch(`${plane.url}/api/agents/install`);
  return response.ok ? ((await response.json()) as AgentInstallInfo) : null;
}

/** The command shown, and the secret inside it. */
async function shownCommand(scope: Locator): Promise<{ text: string; secret: string }> {
  const text = ((await scope.getByTestId('install-command').textContent({ timeout: 30_000 })) ?? '').trim();
  const secret = /--token (\S+)$/.exec(text)?.[1] ?? '';
  expect(secret).toMatch(/^wom_et_[A-Za-z0-9_-]{43}$/);
  return { text, secret };
}

/** The warning box must repeat every warning the control plane gives. */
async function expectWarnings(scope: Locator, info: AgentInstallInfo): Promise<void> {
  const warning = scope.getByTestId('install-warning');
  await warning.waitFor(LONG);
  const text = (await warning.textContent()) ?? '';
  for (const line of info.warnings) expect(text).toContain(line);
}

async function pickOption(page: Page, scope: Locator, label: string, option: string | RegExp): Promise<void> {
  await scope.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

describe('installing an agent from a peer’s page (PUBLIC_URL set)', () => {
  const browser = new Browser_();
  let plane: ControlPlane;
  let page: Page;
  let wanId: string;
  let peer: { id: string; tunnelIp: string };
  let secret: string;

  beforeAll(async () => {
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'single-user', PUBLIC_URL });
    await plane.start();
    page = await browser.open();
    wanId = (await plane.api<{ id: string }>('POST', '/api/wan', { name: 'install' })).id;
    peer = await plane.api('POST', `/api/wan/${wanId}/peers`, { name: 'paris-srv', type: 'server', deploymentMode: 'agent', subnets: [{ cidr: '192.168.50.0/24' }] });
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
  });

  const dialog = () => page.getByRole('dialog', { name: /Install an agent on paris-srv/ });

  it('makes a single-use token bound to the peer and shows the exact command with PUBLIC_URL', async () => {
    await page.goto(`${plane.url}/peers/${peer.id}`);
    await page.getByRole('heading', { name: /paris-srv/ }).waitFor(LONG);
    await page.getByTestId('peer-agent').getByText('No agent has enrolled for this peer.').waitFor(LONG);
    await page.getByRole('button', { name: 'Install an agent' }).click();
    await dialog().waitFor(LONG);
    // Already an agent-mode peer: nothing to say about switching modes.
    expect(await dialog().getByTestId('mode-switch').count()).toBe(0);
    await pickOption(page, dialog(), 'Expires in', '7 days');
    await dialog().getByRole('button', { name: 'Create install command' }).click();

    const shown = await shownCommand(dialog());
    secret = shown.secret;
    expect(shown.text).toBe(`curl -fsSL ${PUBLIC_URL}/install/agent.sh | sudo sh -s -- --token ${secret}`);
    expect(shown.text).toBe(installCommand(PUBLIC_URL, secret));
    expect(await dialog().getByTestId('token-expiry').textContent()).toContain('(in 7 days)');
    const info = await installInfo(plane);
    if (info && !info.reachableFromOtherHosts) await expectWarnings(dialog(), info);
    await screenshot(page, 'agent-install-1-command');

    const tokens = await plane.api<ApiPage<EnrollmentTokenResponse>>('GET', `/api/enrollment-tokens?wanId=${wanId}`);
    expect(tokens.items).toEqual([expect.objectContaining({ peerId: peer.id, maxUses: 1, useCount: 0, state: 'active', tokenPrefix: secret.slice(0, 11) })]);
    const lifetime = Date.parse(tokens.items[0]!.expiresAt) - Date.now();
    expect(Math.abs(lifetime - 7 * 86_400_000)).toBeLessThan(3_600_000);

    await dialog().getByRole('button', { name: 'Done' }).click();
    await dialog().waitFor({ state: 'detached', ...LONG });
  });

  it('shows the agent once it enrolls, and offers to revoke it before another install', async () => {
    const wireguard = generateKeyPair();
    // A stand-in box: enrollment only embeds the NATS key in the agent's JWT; nothing connects.
    const natsPublicKey = `U${Array.from({ length: 55 }, () => 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'[randomInt(32)]).join('')}`;
    const enrolled = await plane.api<{ agentId: string; peerId: string }>('POST', '/api/agents/enroll', {
      token: secret, wireguardPublicKey: wireguard.publicKey, natsPublicKey, hostname: 'paris-box', agentVersion: '1.2.3',
    });
    expect(enrolled.peerId).toBe(peer.id);

    await page.reload();
    const card = page.getByTestId('peer-agent');
    await card.getByText('paris-box').waitFor(LONG);
    expect(await card.getByTestId('agent-status').textContent()).toMatch(/^active/);
    expect(await card.textContent()).toContain('1.2.3');

    await page.getByRole('button', { name: 'Install an agent' }).click();
    await dialog().getByRole('button', { name: 'Create install command' }).click();
    const blocked = dialog().getByTestId('agent-exists');
    await blocked.waitFor(LONG);
    expect(await blocked.textContent()).toContain('already has an agent');
    await screenshot(page, 'agent-install-2-already-has-agent');
    await dialog().getByRole('button', { name: 'Revoke the current agent' }).click();
    await dialog().getByText('The previous agent was revoked.').waitFor(LONG);
    expect((await plane.api<{ status: string }>('GET', `/api/agents/${enrolled.agentId}`)).status).toBe('revoked');

    await dialog().getByRole('button', { name: 'Create install command' }).click();
    const again = await shownCommand(dialog());
    expect(again.text).toBe(installCommand(PUBLIC_URL, again.secret));
    expect(again.secret).not.toBe(secret);
    await dialog().getByRole('button', { name: 'Done' }).click();
    await card.getByTestId('agent-status').filter({ hasText: 'revoked' }).waitFor(LONG);
  });

  it('says that enrolling switches a config-file peer to agent mode', async () => {
    const laptop = await plane.api<{ id: string }>('POST', `/api/wan/${wanId}/peers`, { name: 'lyon-laptop', type: 'client', deploymentMode: 'config-file' });
    await page.goto(`${plane.url}/peers/${laptop.id}`);
    await page.getByRole('button', { name: 'Install an agent' }).click();
    const note = page.getByRole('dialog', { name: /lyon-laptop/ }).getByTestId('mode-switch');
    await note.waitFor(LONG);
    expect(await note.textContent()).toContain('switches it to agent mode');
    await page.getByRole('button', { name: 'Cancel' }).click();
  });
});

describe('a template token from the agents page (loopback PUBLIC_URL)', () => {
  const browser = new Browser_();
  let plane: ControlPlane;
  let page: Page;
  let wanId: string;

  beforeAll(async () => {
    // No PUBLIC_URL: it defaults to the loopback listen address, which other hosts cannot reach.
    plane = new ControlPlane(await freePort(), await freePort(), { AUTH_MODE: 'single-user' });
    await plane.start();
    page = await browser.open();
    wanId = (await plane.api<{ id: string }>('POST', '/api/wan', { name: 'branches' })).id;
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
  });

  it('creates a token with a template, subnets and tags, and shows the command with the loopback warning', async () => {
    await page.goto(`${plane.url}/agents`);
    const form = page.getByRole('form', { name: 'Create an enrollment token' });
    await form.waitFor(LONG);
    await form.getByLabel('Token name').fill('lyon-office');
    await form.getByLabel('Peer name template').fill('lyon-{hostname}');
    await form.getByLabel('Tags').fill('lyon, office');
    await pickOption(page, form, 'Configuration template', /Site router/);
    await form.getByLabel('Local subnets').fill('192.168.60.0/24\n192.168.61.0/24');
    await pickOption(page, form, 'Expires in', '1 hour');
    await form.getByLabel('Approve each agent').check();
    await form.getByRole('button', { name: 'Create enrollment token' }).click();

    const shown = await shownCommand(page.locator('wom-agents'));
    expect(shown.text).toBe(installCommand(plane.url, shown.secret));
    const info = await installInfo(plane);
    if (info) {
      expect(info.reachableFromOtherHosts).toBe(false);
      expect(info.warnings.join(' ')).toContain('PUBLIC_URL');
      await expectWarnings(page.locator('wom-agents'), info);
    }
    const row = page.getByRole('table', { name: 'Enrollment tokens' }).getByRole('row', { name: /lyon-office/ });
    await row.waitFor(LONG);
    expect(await row.textContent()).toContain('lyon-{hostname} · site-router · 192.168.60.0/24, 192.168.61.0/24');
    await screenshot(page, 'agent-install-3-template-token');

    const tokens = await plane.api<ApiPage<EnrollmentTokenResponse>>('GET', `/api/enrollment-tokens?wanId=${wanId}`);
    expect(tokens.items).toEqual([
      expect.objectContaining({
        name: 'lyon-office', peerId: null, peerType: 'generic-router', nameTemplate: 'lyon-{hostname}', tags: ['lyon', 'office'], templateId: 'site-router',
        subnets: [{ cidr: '192.168.60.0/24' }, { cidr: '192.168.61.0/24' }], maxUses: 1, requiresApproval: true, tokenPrefix: shown.secret.slice(0, 11),
      }),
    ]);
  });

  it('refuses subnets on a reusable token before sending it', async () => {
    const form = page.getByRole('form', { name: 'Create an enrollment token' });
    await form.getByLabel('Local subnets').fill('192.168.62.0/24');
    await form.getByLabel('Uses').fill('5');
    await form.getByRole('button', { name: 'Create enrollment token' }).click();
    await form.getByText(/Subnets need a single-use token/).waitFor(LONG);
    expect((await plane.api<ApiPage<EnrollmentTokenResponse>>('GET', `/api/enrollment-tokens?wanId=${wanId}`)).total).toBe(1);
  });
});
