import { join } from 'node:path';
import { ControlPlaneProcess, freePort } from './control-plane-process';
import { DemoApi } from './demo-api';
import type { DemoPlan } from './demo-plan';
import { EmulatedOffices } from './emulated-offices';
import { deployAllOffices, seedDemo, type DeployAllBody, type SeededDemo } from './seed-demo';

export interface DemoOptions {
  readonly repoRoot: string;
  readonly plan: DemoPlan;
  readonly port: number;
  readonly dataDir: string;
  /** How often routers are read by the control plane (MONITOR_INTERVAL_SECONDS). */
  readonly monitorIntervalSeconds: number;
  /** How often the emulated tunnels move traffic and renew handshakes. */
  readonly trafficIntervalMs: number;
  /** Extra control-plane environment, e.g. DATABASE_URL for PostgreSQL. */
  readonly env?: Readonly<Record<string, string>>;
  readonly log?: (line: string) => void;
  /**
   * Ctrl-C during start-up: stop what was started at the next step instead of finishing. The
   * control plane is always let finish booting first: stopped mid-boot, it can leave its
   * embedded NATS server behind.
   */
  readonly signal?: AbortSignal;
}

/** Everything one demo run started, and how to stop it. */
export interface RunningDemo {
  readonly api: DemoApi;
  readonly controlPlane: ControlPlaneProcess;
  readonly offices: EmulatedOffices;
  readonly seeded: SeededDemo;
  readonly deployment: DeployAllBody;
  /** Milliseconds from the start of the run until every deployment had ended. */
  readonly deployedAfterMs: number;
  stop(): Promise<void>;
}

/**
 * Starts the office routers and the control plane, seeds the demo WAN through the API,
 * deploys every router and keeps their tunnels "busy". The control plane must be built.
 * On any failure it stops what it had started before rethrowing.
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  const log = options.log ?? (() => undefined);
  const startedAt = Date.now();
  const elapsed = (): string => `${((Date.now() - startedAt) / 1000).toFixed(1)} s`;
  const offices = new EmulatedOffices();
  let controlPlane: ControlPlaneProcess | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const stop = async (): Promise<void> => {
    if (ticker) clearInterval(ticker);
    await controlPlane?.stop();
    await offices.close();
  };
  try {
    const checkpoint = (): void => options.signal?.throwIfAborted();
    const running = await offices.start(options.plan.offices, log);
    checkpoint();
    log(`Started ${running.length} emulated MikroTik routers: ${running.map((o) => `${o.office.name} ${o.router.url}`).join(', ')}`);
    controlPlane = await ControlPlaneProcess.start({
      repoRoot: options.repoRoot,
      port: options.port,
      dataDir: options.dataDir,
      logFile: join(options.dataDir, 'control-plane.log'),
      env: {
        AUTH_MODE: 'single-user',
        MONITOR_INTERVAL_SECONDS: String(options.monitorIntervalSeconds),
        // An embedded NATS of its own, so a NATS already on 4222 doesn't stop the demo.
        NATS_PORT: String(await freePort()),
        JOB_POLL_INTERVAL_MS: '250',
        AUTO_DEPLOY_DEBOUNCE_MS: '1000',
        // The emulated offices listen on 127.0.0.1: a lab, so loopback routers are allowed here only.
        ROUTER_ALLOW_LOOPBACK: 'true',
        ...options.env,
      },
    });
    checkpoint();
    log(`Control plane (pid ${controlPlane.pid}) ready at ${controlPlane.baseUrl} after ${elapsed()}; its log is ${controlPlane.logFile}`);
    const api = new DemoApi(controlPlane.baseUrl);
    const seeded = await seedDemo(api, options.plan, running);
    checkpoint();
    log(`Seeded ${seeded.peers.length} peers and ${seeded.services.length} services; ${seeded.natTranslation.office} ${seeded.natTranslation.cidr} is reached as ${seeded.natTranslation.translatedCidr}`);
    log(`Deploying to every MikroTik office (POST /api/wan/${seeded.wanId}/mikrotik/deploy-all)...`);
    const deployment = await deployAllOffices(api, seeded.wanId);
    checkpoint();
    const deployedAfterMs = Date.now() - startedAt;
    log(`Deployed ${deployment.summary.succeeded.length} of ${deployment.summary.total} routers; every deployment had ended ${elapsed()} after the start`);
    offices.recordTraffic(Date.now());
    ticker = setInterval(() => offices.recordTraffic(Date.now()), options.trafficIntervalMs);
    return { api, controlPlane, offices, seeded, deployment, deployedAfterMs, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
