import type { DesiredState } from '@wom/domain';
import { branchState } from '../__fixtures__/desired-states';
import type { ProbeProtocol } from '../__fixtures__/real-tools';
import { createTempDir, NetworkNamespace, NFTABLES_TOOLS, probe, requireTools, run, startProbeServer } from '../__fixtures__/real-tools';
import { renderNftables } from './nftables.renderer';

/**
 * nft -c proves the syntax; this proves the meaning. Three namespaces stand in for the WAN,
 * the branch router and its LAN, joined by veth pairs. The router's WAN-side veth carries
 * the overlay interface's name, so the branch ruleset applies unchanged. Packets then show
 * whether port forwards, 1:1 prefix translation and the overlay drop behave as intended.
 *
 *   wan 10.0.0.3 ── [wg-wan-overlay 10.0.0.2 | router | lan0] ── lan 192.168.10.5, 192.168.1.5, 192.168.20.5
 */

const state: DesiredState = branchState;
const WAN_IP = '10.0.0.3';

describe('branch nftables ruleset with real traffic', () => {
  let wan: NetworkNamespace | undefined;
  let router: NetworkNamespace | undefined;
  let lan: NetworkNamespace | undefined;

  beforeAll(() => {
    requireTools(NFTABLES_TOOLS);
    wan = NetworkNamespace.create('nfw');
    router = NetworkNamespace.create('nfr');
    lan = NetworkNamespace.create('nfl');
    const sh = (namespace: NetworkNamespace, ...commands: string[][]) => commands.forEach((args) => namespace.exec('ip', args));
    run('ip', ['link', 'add', 'vc', 'netns', wan.name, 'type', 'veth', 'peer', 'name', state.interface.name, 'netns', router.name]);
    run('ip', ['link', 'add', 'vs', 'netns', lan.name, 'type', 'veth', 'peer', 'name', 'lan0', 'netns', router.name]);
    sh(wan, ['addr', 'add', `${WAN_IP}/24`, 'dev', 'vc'], ['link', 'set', 'vc', 'up'], ['link', 'set', 'lo', 'up']);
    for (const remote of ['10.0.5.0/24', '172.16.0.0/24', '192.168.20.0/24']) sh(wan, ['route', 'add', remote, 'via', '10.0.0.2']);
    sh(router, ['addr', 'add', '10.0.0.2/24', 'dev', state.interface.name], ['link', 'set', state.interface.name, 'up'], ['link', 'set', 'lan0', 'up']);
    for (const gateway of ['192.168.10.1/24', '192.168.1.1/24', '192.168.20.1/24']) sh(router, ['addr', 'add', gateway, 'dev', 'lan0']);
    router.exec('sysctl', ['-qw', 'net.ipv4.ip_forward=1']);
    for (const host of ['192.168.10.5/24', '192.168.1.5/24', '192.168.20.5/24']) sh(lan, ['addr', 'add', host, 'dev', 'vs']);
    sh(lan, ['link', 'set', 'vs', 'up'], ['link', 'set', 'lo', 'up'], ['route', 'add', 'default', 'via', '192.168.10.1']);
    const dir = createTempDir();
    try {
      router.exec('nft', ['-f', dir.write('branch.nft', renderNftables(state))]);
    } finally {
      dir.dispose();
    }
  }, 30_000);

  afterAll(() => [wan, router, lan].forEach((namespace) => namespace?.dispose()));

  async function sourceSeenBy(
    server: NetworkNamespace | undefined,
    listen: { protocol: ProbeProtocol; host: string; port: number },
    client: NetworkNamespace | undefined,
    target: { host: string; local?: string },
  ): Promise<string | null> {
    if (server === undefined || client === undefined) throw new Error('namespaces were not created');
    const running = await startProbeServer(server, listen.protocol, listen.host, listen.port);
    try {
      return probe(client, listen.protocol, target.host, listen.port, target.local);
    } finally {
      await running.stop();
    }
  }

  it.each<ProbeProtocol>(['tcp', 'udp'])('forwards %s to the shared service address to the local service', async (protocol) => {
    expect(await sourceSeenBy(lan, { protocol, host: '192.168.10.5', port: 445 }, wan, { host: '10.0.5.10' })).toBe(WAN_IP);
  }, 20_000);

  it('translates the NETMAP network into the real one, keeping host bits', async () => {
    expect(await sourceSeenBy(lan, { protocol: 'tcp', host: '192.168.1.5', port: 8080 }, wan, { host: '172.16.0.5' })).toBe(WAN_IP);
  }, 20_000);

  it('shows the WAN the translated address of a host in the NETMAP network', async () => {
    expect(await sourceSeenBy(wan, { protocol: 'tcp', host: WAN_IP, port: 9000 }, lan, { host: WAN_IP, local: '192.168.1.5' })).toBe('172.16.0.5');
  }, 20_000);

  it('shows the WAN the shared address of a service host', async () => {
    expect(await sourceSeenBy(wan, { protocol: 'tcp', host: WAN_IP, port: 9001 }, lan, { host: WAN_IP, local: '192.168.10.5' })).toBe('10.0.5.10');
  }, 20_000);

  it('drops WAN traffic to a local network that is not shared', async () => {
    expect(await sourceSeenBy(lan, { protocol: 'tcp', host: '192.168.20.5', port: 22 }, wan, { host: '192.168.20.5' })).toBeNull();
    expect(router?.exec('nft', ['list', 'chain', 'inet', 'wom', 'forward'])).toMatch(/iifname "wg-wan-overlay" counter packets [1-9]/);
  }, 20_000);
});
