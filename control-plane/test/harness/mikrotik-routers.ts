import { RouterOsEmulator, type AddRouterOptions, type EmulatedRouter, type Row } from '@wom/routeros';
import { generateKeyPair } from '@wom/domain';
import { isManagedComment } from '@wom/renderers';
import request from 'supertest';
import { readStream } from './event-stream';
import type { TestApp } from './test-app';

/** The emulator's throw-away certificate for 127.0.0.1, for its HTTPS flavour. */
export { selfSignedCertificate } from '@wom/routeros';

export const ROUTER_USER = 'wom';
export const ROUTER_PASSWORD = 'router-pass-S3cret!';
const POLICIES = ['read', 'write', 'api', 'rest-api', 'test', 'sensitive'] as const;
const TERMINAL = ['completed', 'failed', 'cancelled'];

/** Every menu the overlay writes, for comparing what a router holds before and after. */
const CONFIG_MENUS = ['/interface/wireguard', '/interface/wireguard/peers', '/ip/address', '/ip/route', '/ip/firewall/address-list', '/ip/firewall/filter', '/ip/firewall/nat'];

/**
 * Real emulated RouterOS routers (HTTP servers in this process) wired to peers of a test app
 * through the peers API (`mikrotik` settings), so the password is sealed as in production.
 */
export class RouterLab {
  readonly emulator = new RouterOsEmulator();
  private count = 0;

  constructor(private readonly t: TestApp) {}

  async addRouter(peerId: string, options: AddRouterOptions & { autoDeploy?: boolean; password?: string } = {}): Promise<EmulatedRouter> {
    const router = await this.emulator.addRouter(`lab${++this.count}-${peerId.slice(0, 8)}`, {
      users: [{ name: ROUTER_USER, password: ROUTER_PASSWORD, policies: POLICIES }],
      ...options,
    });
    await this.connect(peerId, router, { password: options.password ?? ROUTER_PASSWORD, autoDeploy: options.autoDeploy ?? false });
    return router;
  }

  /** Points a peer at a router (or at any host and port) through the peers API, as an operator would. */
  async connect(peerId: string, target: { host: string; port: number; protocol: 'http' | 'https' }, options: { password?: string; autoDeploy?: boolean } = {}): Promise<void> {
    const mikrotik = { managementIp: target.host, apiPort: target.port, useSsl: target.protocol === 'https', username: ROUTER_USER, password: options.password ?? ROUTER_PASSWORD, autoDeploy: options.autoDeploy ?? false };
    await request(this.t.http).put(`/api/peers/${peerId}`).send({ mikrotik }).expect(200);
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}

/** The overlay's rows on a router (comment-marked), per menu, for before/after comparisons. */
export function managedRows(router: EmulatedRouter): Record<string, Row[]> {
  const snapshot = router.snapshot();
  return Object.fromEntries(CONFIG_MENUS.map((menu) => [menu, (snapshot[menu] ?? []).filter((row) => isManagedComment(row['comment']))]));
}

/** Every row of the configuration menus, ours and foreign. */
export function configRows(router: EmulatedRouter): Record<string, Row[]> {
  const snapshot = router.snapshot();
  return Object.fromEntries(CONFIG_MENUS.map((menu) => [menu, snapshot[menu] ?? []]));
}

export const writeCalls = (router: EmulatedRouter): number => router.calls.filter((call) => call.method !== 'GET').length;

export interface JobBody {
  readonly id: string;
  readonly status: string;
  readonly progressPercent: number;
  readonly errorMessage: string | null;
  readonly steps: { name: string; status: string }[];
  readonly result: Record<string, unknown> | null;
  readonly hasBackup: boolean;
  readonly [key: string]: unknown;
}

/** Polls GET /api/jobs/:id until the job ends (or reaches one of `statuses`); bounded in time. */
export async function waitForJob(t: TestApp, jobId: string, statuses: readonly string[] = TERMINAL, timeoutMs = 20_000): Promise<JobBody> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const job = (await request(t.http).get(`/api/jobs/${jobId}`).expect(200)).body as JobBody;
    if (statuses.includes(job.status)) return job;
    if (Date.now() > until) throw new Error(`job ${jobId} is still ${job.status} after ${timeoutMs} ms: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Polls `probe` until it returns a value; bounded in time. */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 10_000, what = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A WAN with a hub server and `routers` MikroTik peers, all through the API. */
export async function createRouterWan(t: TestApp, name: string, routers: number): Promise<{ wanId: string; hubId: string; routerIds: string[] }> {
  const api = () => request(t.http);
  const wanId = (await api().post('/api/wan').send({ name }).expect(201)).body.id as string;
  // The hub keeps its own key (an agent would report it); routers list it as their WireGuard peer.
  const hubId = (await api().post(`/api/wan/${wanId}/peers`).send({ name: 'hub', type: 'hub', publicKey: generateKeyPair().publicKey, endpoint: 'hub.example.net:51820', listenPort: 51820, subnets: [{ cidr: '10.200.0.0/24' }] }).expect(201)).body.id as string;
  const routerIds: string[] = [];
  for (let i = 0; i < routers; i++) {
    routerIds.push((await api().post(`/api/wan/${wanId}/peers`).send({ name: `branch-${i + 1}`, type: 'mikrotik', subnets: [{ cidr: `192.168.${10 + i}.0/24` }] }).expect(201)).body.id as string);
  }
  return { wanId, hubId, routerIds };
}

/** Opens GET /api/events for job progress and collects frames until `predicate` holds; bounded in time. */
export function readEvents(port: number, predicate: (text: string) => boolean, timeoutMs = 15_000): ReturnType<typeof readStream> {
  return readStream(port, '/api/events?types=job.progress', predicate, timeoutMs);
}

