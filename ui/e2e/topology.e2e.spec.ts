import { generateKeyPairSync } from 'node:crypto';
import type { Locator, Page } from 'playwright-core';
import { Browser_, ControlPlane, freePort, screenshot } from './harness';

/** Peers with a known key, as sites that already run WireGuard: without one a peer waits to report it and has no links yet. */
const publicKey = () => generateKeyPairSync('x25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('base64');

interface Topology { nodes: { id: string; name: string; type: string }[]; edges: unknown[] }

/**
 * The topology map at fleet scale in Chromium, against the real control plane: a 200-peer mesh
 * draws all 19,900 links, search centres a peer, the type filter hides the others, zoom
 * changes how many labels fit, the keyboard zooms and pans, and a click opens the peer.
 */
describe('topology map', () => {
  const browser = new Browser_();
  let plane: ControlPlane;
  let page: Page;
  let mesh: { wanId: string; topology: Topology };
  let star: { wanId: string; topology: Topology };

  async function seed(name: string, topologyType: 'mesh' | 'hub-spoke', peers: number) {
    const wan = await plane.api<{ id: string }>('POST', '/api/wan', { name, topologyType, tunnelIpRange: '10.0.0.0/22' });
    await plane.api('POST', `/api/wan/${wan.id}/peers`, { name: 'hub', type: 'hub', endpoint: 'hub.example.net:51820' });
    const types = ['mikrotik', 'server', 'client', 'generic-router'] as const;
    for (let i = 1; i < peers; i++) {
      const body = { name: `site-${String(i).padStart(3, '0')}`, type: types[i % types.length], tags: i % 10 === 0 ? ['eu'] : [], publicKey: publicKey(), ...(topologyType === 'mesh' ? { endpoint: `site-${i}.example.net:51820` } : {}) };
      await plane.api('POST', `/api/wan/${wan.id}/peers`, body);
    }
    return { wanId: wan.id, topology: await plane.api<Topology>('GET', `/api/wan/${wan.id}/topology`) };
  }

  beforeAll(async () => {
    plane = new ControlPlane(await freePort(), await freePort());
    await plane.start();
    star = await seed('star', 'hub-spoke', 12);
    mesh = await seed('mesh', 'mesh', 200);
    page = await browser.open();
  }, 600_000);

  afterAll(async () => {
    await browser.close();
    await plane?.stop();
  });

  const graph = () => page.locator('wom-topology-graph');
  const canvas = () => page.locator('wom-topology-graph canvas');
  const attribute = async (name: string) => (await graph().getAttribute(name)) ?? '';
  const number = async (name: string) => Number(await attribute(name));
  /** Waits until the host attribute, set after each frame, satisfies `ok`. */
  async function until(name: string, ok: (value: string) => boolean, what: string): Promise<string> {
    const deadline = Date.now() + 30_000;
    let value = '';
    while (Date.now() < deadline) {
      value = await attribute(name);
      if (ok(value)) return value;
      await page.waitForTimeout(50);
    }
    throw new Error(`${what}: ${name} is still "${value}"`);
  }
  /** Runs `action` once the view rests (the links stroked afresh, no frame pending), then waits for the frame it causes. */
  const framesAfter = async (action: () => Promise<unknown>) => {
    await until('data-link-layer', (v) => v === 'fresh', 'the view does not come to rest');
    const before = await number('data-frames');
    await action();
    await until('data-frames', (v) => Number(v) > before, 'no new frame');
  };
  const openWan = (wanId: string) => page.goto(`${plane.url}/wans/${wanId}/topology`);
  const typeFilter = (type: string): Locator => page.getByRole('checkbox', { name: new RegExp(`^${type} \\(`) });

  it('draws every link of a 200-peer mesh, as many as the API lists', async () => {
    await openWan(mesh.wanId);
    expect(mesh.topology.edges).toHaveLength(19_900);
    await until('data-links-drawn', (v) => v === String(mesh.topology.edges.length), 'the mesh is not drawn');
    expect(await number('data-nodes-drawn')).toBe(200);
    expect(await canvas().getAttribute('aria-label')).toContain('200 peers and 19900 links');
    await screenshot(page, 'topology-1-mesh-200');
  });

  it('draws the links of a hub-spoke WAN', async () => {
    await openWan(star.wanId);
    expect(star.topology.edges).toHaveLength(11);
    await until('data-links-drawn', (v) => v === '11', 'the star is not drawn');
    expect(await number('data-nodes-drawn')).toBe(12);
    // Twelve peers spread over the screen: every label fits.
    expect(await number('data-labels-drawn')).toBe(12);
    await screenshot(page, 'topology-2-hub-spoke');
  });

  it('highlights and centres a peer found by name', async () => {
    await openWan(mesh.wanId);
    await until('data-links-drawn', (v) => v === '19900', 'the mesh is not drawn');
    const target = mesh.topology.nodes.find((n) => n.name === 'site-142')!;
    await page.getByLabel('Find a peer').fill('site-142');
    await until('data-centre-peer', (v) => v === target.id, 'site-142 is not centred');
    expect(await attribute('data-selected-peer')).toBe(target.id);
    await page.getByText('1 match').waitFor();
    await page.getByRole('button', { name: 'Show peer table' }).click();
    await expect(page.locator('tr.match').getAttribute('data-peer-id')).resolves.toBe(target.id);
    await screenshot(page, 'topology-3-search');
    await page.getByRole('button', { name: 'Hide peer table' }).click();
    await page.getByLabel('Find a peer').fill('');
  });

  it('hides the peers the type filter leaves out, and their links', async () => {
    const routers = mesh.topology.nodes.filter((n) => n.type === 'mikrotik').length;
    await typeFilter('hub').check();
    await until('data-nodes-drawn', (v) => v === '1', 'only the hub should be left');
    expect(await number('data-links-drawn')).toBe(0);
    await typeFilter('mikrotik').check();
    await until('data-nodes-drawn', (v) => v === String(routers + 1), 'hub and routers should be left');
    expect(await number('data-links-drawn')).toBe(((routers + 1) * routers) / 2);
    await page.getByText(`${200 - routers - 1} peers hidden by the filter`).waitFor();
    await screenshot(page, 'topology-4-filter');
    await typeFilter('hub').uncheck();
    await typeFilter('mikrotik').uncheck();
    await page.getByLabel('Tag').selectOption('eu');
    await until('data-nodes-drawn', (v) => v === '19', 'the peers tagged eu should be left');
    await page.getByLabel('Tag').selectOption('');
    await until('data-links-drawn', (v) => v === '19900', 'every link should be back');
  });

  it('zooms and pans with the keyboard, the wheel and a drag', async () => {
    await canvas().focus();
    await framesAfter(() => page.keyboard.press('0'));
    const fitted = await number('data-scale');
    await framesAfter(() => page.keyboard.press('+'));
    expect(await number('data-scale')).toBeCloseTo(fitted * 1.25, 3);
    await framesAfter(() => page.keyboard.press('-'));
    await framesAfter(() => page.keyboard.press('-'));
    expect(await number('data-scale')).toBeCloseTo(fitted / 1.25, 3);
    const [, x, y] = (await attribute('data-view')).split(',').map(Number) as [number, number, number];
    await framesAfter(() => page.keyboard.press('ArrowRight'));
    await framesAfter(() => page.keyboard.press('ArrowDown'));
    const [, x2, y2] = (await attribute('data-view')).split(',').map(Number) as [number, number, number];
    expect(x2 - x).toBeCloseTo(-80, 3);
    expect(y2 - y).toBeCloseTo(-80, 3);

    const box = (await canvas().boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const beforeWheel = await number('data-scale');
    await framesAfter(() => page.mouse.wheel(0, -100));
    expect(await number('data-scale')).toBeGreaterThan(beforeWheel);
    const [, dragX] = (await attribute('data-view')).split(',').map(Number) as [number, number, number];
    await page.mouse.move(box.x + 30, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + 130, box.y + 60, { steps: 4 });
    await page.mouse.up();
    await until('data-view', (v) => Math.abs(Number(v.split(',')[1]) - dragX - 100) < 0.5, 'the drag did not pan');
    expect(page.url()).toBe(`${plane.url}/wans/${mesh.wanId}/topology`);
  });

  it('labels fewer peers zoomed out and all of them zoomed in', async () => {
    await canvas().focus();
    // Escape drops the selection, whose label would stay at any zoom.
    await page.keyboard.press('Escape');
    await until('data-selected-peer', (v) => v === '', 'Escape does not drop the selection');
    await framesAfter(() => page.keyboard.press('0'));
    const fitted = await number('data-labels-drawn');
    for (let i = 0; i < 8; i++) await framesAfter(() => page.keyboard.press('-'));
    expect(await number('data-labels-drawn')).toBe(0);
    await screenshot(page, 'topology-5-zoomed-out');
    await framesAfter(() => page.keyboard.press('0'));
    // Zoomed in far enough, only part of the map is on screen, and every peer on it has room for its label.
    for (let i = 0; i < 12; i++) {
      await framesAfter(() => page.keyboard.press('+'));
      if ((await number('data-labels-drawn')) === (await number('data-nodes-on-screen'))) break;
    }
    const onScreen = await number('data-nodes-on-screen');
    expect(onScreen).toBeGreaterThan(0);
    expect(onScreen).toBeLessThan(200);
    expect(await number('data-labels-drawn')).toBe(onScreen);
    expect(fitted).toBeGreaterThan(0);
    expect(fitted).toBeLessThan(200);
    await screenshot(page, 'topology-6-zoomed-in');
  });

  it('opens the peer a user clicks', async () => {
    const target = mesh.topology.nodes.find((n) => n.name === 'site-007')!;
    await page.getByLabel('Find a peer').fill('site-007');
    await until('data-centre-peer', (v) => v === target.id, 'site-007 is not centred');
    const box = (await canvas().boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForURL(`${plane.url}/wans/${mesh.wanId}/peers/${target.id}`);
    await page.getByRole('heading', { name: /site-007/ }).waitFor();
  });
});
