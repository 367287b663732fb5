import { randomBytes } from 'node:crypto';
import { isManagedComment } from '@wom/renderers';
import { ALL_POLICIES, loadBranchOfficeScenario, RouterOsEmulator, selfSignedCertificate, type EmulatedRouter, type TlsIdentity } from '@wom/routeros';
import type { DemoOffice } from './demo-plan';
import { nextTunnelTraffic, routerOsDuration, type TunnelTraffic } from './demo-traffic';

/** The REST user the overlay logs in as on every demo router. */
export const DEMO_ROUTER_USER = 'wom-demo';

/** One running office router and how to reach it. */
export interface RunningOffice {
  readonly office: DemoOffice;
  readonly router: EmulatedRouter;
  readonly password: string;
  /** False when HTTPS was asked for but no certificate could be made (openssl missing). */
  readonly useSsl: boolean;
}

/**
 * The demo's office routers: real emulated RouterOS HTTP(S) servers in this process, one port
 * each, preloaded with a customer's existing configuration (defconf firewall, a road-warrior
 * WireGuard interface, a port forward) that deployments must leave untouched.
 */
export class EmulatedOffices {
  private readonly emulator = new RouterOsEmulator();
  private readonly traffic = new Map<string, TunnelTraffic>();
  readonly running: RunningOffice[] = [];

  /** Starts one router per office; `log` hears about an HTTPS office falling back to HTTP. */
  async start(offices: readonly DemoOffice[], log: (line: string) => void = () => undefined): Promise<RunningOffice[]> {
    for (const office of offices) {
      const password = randomBytes(12).toString('base64url');
      const tls = office.useSsl ? demoCertificate(log) : undefined;
      const router = await this.emulator.addRouter(office.name, {
        identity: office.name,
        version: '7.19.4 (stable)',
        users: [{ name: DEMO_ROUTER_USER, password, policies: ALL_POLICIES }],
        ...(tls ? { tls } : {}),
      });
      loadBranchOfficeScenario(router.state);
      if (office.lanGateway !== '192.168.88.1/24') {
        router.state.load('/ip/address', [{ address: office.lanGateway, interface: 'bridge', disabled: 'false', dynamic: 'false', invalid: 'false', comment: 'office LAN' }]);
      }
      this.running.push({ office, router, password, useSsl: tls !== undefined });
    }
    return this.running;
  }

  /**
   * Leaves one round of WireGuard traffic on every overlay peer row of every router, as the
   * remote ends would: the control plane's router monitoring reads it back as handshakes and
   * rx/tx. Returns how many peer rows were updated.
   */
  recordTraffic(nowMs: number, random: () => number = Math.random): number {
    let updated = 0;
    for (const { office, router } of this.running) {
      const peers = router.snapshot()['/interface/wireguard/peers'] ?? [];
      for (const row of peers) {
        const publicKey = row['public-key'];
        if (!publicKey || !isManagedComment(row['comment'])) continue;
        const key = `${office.name}\0${publicKey}`;
        const traffic = nextTunnelTraffic(this.traffic.get(key), nowMs, random);
        this.traffic.set(key, traffic);
        updated += router.state.recordPeerTraffic(publicKey, {
          lastHandshake: routerOsDuration((nowMs - traffic.handshakeAtMs) / 1000),
          rx: traffic.rxBytes,
          tx: traffic.txBytes,
        });
      }
    }
    return updated;
  }

  close(): Promise<void> {
    return this.emulator.close();
  }
}

/** A throw-away self-signed certificate for 127.0.0.1, valid for the demo's length; undefined without openssl. */
function demoCertificate(log: (line: string) => void): TlsIdentity | undefined {
  try {
    return selfSignedCertificate(30);
  } catch {
    log('openssl is not installed, so every demo router serves plain HTTP (install openssl for an HTTPS one).');
    return undefined;
  }
}
