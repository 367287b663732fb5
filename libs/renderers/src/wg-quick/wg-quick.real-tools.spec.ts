import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DesiredState } from '@wom/domain';
import { isIpv4 } from '@wom/domain';
import { ALL_FIXTURE_STATES, FIXTURE_KEYS } from '../__fixtures__/desired-states';
import { WIREGUARD_TOOLS, createTempDir, NetworkNamespace, requireTools, run, startWireguardGo, uniqueName } from '../__fixtures__/real-tools';

/**
 * Every golden wg-quick file goes through the tools a user runs: `wg-quick strip`, then
 * `wg setconf` into a userspace WireGuard interface in a throwaway network namespace.
 * What the interface then reports must be exactly what the DesiredState asked for.
 */

const GOLDEN_DIR = join(__dirname, '..', '__golden__', 'wg-quick');
const GOLDEN_FILES = readdirSync(GOLDEN_DIR).filter((file) => file.endsWith('.conf'));

/** DNS names in endpoints resolve through the namespace's own /etc/hosts, to documentation addresses. */
function hostsFor(state: DesiredState): Record<string, string> {
  const hosts: Record<string, string> = {};
  state.peers.forEach((peer, index) => {
    if (peer.endpoint !== null && !isIpv4(peer.endpoint.host)) hosts[peer.endpoint.host] = `203.0.113.${200 + index}`;
  });
  return hosts;
}

/** `wg show <if> <field>` prints one `<public key>\t<value>` line per peer. */
function perPeer(output: string): Map<string, string> {
  return new Map(
    output
      .trim()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => {
        const [key = '', value = ''] = line.split('\t');
        return [key, value];
      }),
  );
}

describe('wg-quick golden files in the real WireGuard tools', () => {
  beforeAll(() => requireTools(WIREGUARD_TOOLS));

  it('fails, naming the Debian package, when a tool is missing', () => {
    expect(() => requireTools([{ command: 'wom-no-such-tool', debianPackage: 'wireguard-tools' }])).toThrow(/apt-get install wireguard-tools/);
  });

  it('has a golden file for every fixture', () => {
    expect([...GOLDEN_FILES].sort()).toEqual(Object.keys(ALL_FIXTURE_STATES).map((name) => `${name}.conf`).sort());
  });

  it.each(GOLDEN_FILES)('%s is loaded by wg-quick strip + wg setconf exactly as the state says', async (file) => {
    const name = file.replace(/\.conf$/, '') as keyof typeof ALL_FIXTURE_STATES;
    const state = ALL_FIXTURE_STATES[name];
    const namespace = NetworkNamespace.create('wqn');
    const dir = createTempDir();
    const ifname = uniqueName('wq');
    let wg: Awaited<ReturnType<typeof startWireguardGo>> | undefined;
    try {
      const hosts = hostsFor(state);
      namespace.setHosts(hosts);
      // wg-quick takes the interface name from the file name, so the copy is named after ours.
      const config = dir.write(`${ifname}.conf`, readFileSync(join(GOLDEN_DIR, file), 'utf8'));
      const stripped = dir.write('stripped.conf', run('wg-quick', ['strip', config]));
      wg = await startWireguardGo(namespace, ifname);
      namespace.exec('wg', ['setconf', ifname, stripped]);
      const show = (field: string) => namespace.exec('wg', ['show', ifname, field]);

      expect(show('public-key').trim()).toBe(FIXTURE_KEYS[name].publicKey);
      if (state.interface.listenPort !== null) expect(show('listen-port').trim()).toBe(String(state.interface.listenPort));
      // wg lists allowed IPs in its own trie order, so both sides are compared sorted.
      const allowed = [...perPeer(show('allowed-ips'))].map(([key, ips]): [string, string[]] => [key, ips.split(' ').sort()]);
      expect(new Map(allowed)).toEqual(new Map(state.peers.map((peer) => [peer.publicKey, [...peer.allowedIps].sort()])));
      expect(perPeer(show('endpoints'))).toEqual(
        new Map(
          state.peers.map((peer) => [
            peer.publicKey,
            peer.endpoint === null ? '(none)' : `${hosts[peer.endpoint.host] ?? peer.endpoint.host}:${peer.endpoint.port}`,
          ]),
        ),
      );
      expect(perPeer(show('persistent-keepalive'))).toEqual(
        new Map(state.peers.map((peer) => [peer.publicKey, peer.persistentKeepalive === null ? 'off' : String(peer.persistentKeepalive)])),
      );
      expect(namespace.exec('wg', ['showconf', ifname])).toContain(`PrivateKey = ${FIXTURE_KEYS[name].privateKey}`);
    } finally {
      await wg?.stop();
      namespace.dispose();
      dir.dispose();
    }
  }, 60_000);
});
