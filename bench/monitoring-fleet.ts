import { RouterOsEmulator } from '@wom/routeros';

/**
 * The monitoring benchmark's routers, in a process of their own so that serving them costs
 * neither the control plane's CPU nor the floor's. An entry point only (monitoring.cases.ts
 * bundles and starts it): `node monitoring-fleet.cjs <count> <hub key> <user> <password>
 * <interface>` prints `{"ports":[…]}` once every router listens, and closes them when stdin ends.
 */
async function main(): Promise<void> {
  const [count = '0', hubKey = '', user = '', password = '', interfaceName = ''] = process.argv.slice(2);
  const emulator = new RouterOsEmulator();
  const ports: number[] = [];
  for (let i = 0; i < Number(count); i++) {
    const router = await emulator.addRouter(`site-${i}`, { identity: `site-${i}`, users: [{ name: user, password, policies: ['read', 'api', 'rest-api'] }] });
    // What a deployed spoke holds: the overlay interface and the hub as its one peer, with traffic.
    router.state.create('/interface/wireguard', { name: interfaceName, 'listen-port': '13231' });
    router.state.create('/interface/wireguard/peers', { interface: interfaceName, 'public-key': hubKey, 'allowed-address': '10.0.0.1/32' });
    router.state.recordPeerTraffic(hubKey, { lastHandshake: `${5 + (i % 100)}s`, rx: 1_000_000 + i, tx: 500_000 + i });
    ports.push(router.port);
  }
  process.stdout.write(`${JSON.stringify({ ports })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => void emulator.close().then(() => process.exit(0)));
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
